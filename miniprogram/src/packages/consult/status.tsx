import { View } from '@tarojs/components';
import { CONSULT_STATUS_LABELS, CONSULT_TIER_LABELS, townshipName, type ConsultStatus } from '@qf/shared';
import type { ConsultationSummary } from '@qf/shared';

export function StatusBadge({ status }: { status: ConsultStatus }) {
  return <View className={`cs__badge cs__badge--${status}`}>{CONSULT_STATUS_LABELS[status]}</View>;
}

/** "3月5日 14:20" from an ISO time in the county's zone. */
export function when(iso: string) {
  const [date, time] = iso.split('T');
  const [, m, d] = (date ?? '').split('-');
  return `${Number(m)}月${Number(d)}日 ${(time ?? '').slice(0, 5)}`;
}

/** How long until (or since) the tier's limit: "还剩 5 小时" / "已超时 3 小时". */
export function dueWords(q: Pick<ConsultationSummary, 'dueAt' | 'overdue'>) {
  if (!q.dueAt) return '';
  const hours = Math.round(Math.abs(new Date(q.dueAt).getTime() - Date.now()) / 3_600_000);
  return q.overdue ? `已超时 ${hours} 小时` : `还剩 ${hours} 小时`;
}

export function QuestionCard({ q, onOpen, showWho }: { q: ConsultationSummary; onOpen: () => void; showWho?: boolean }) {
  return (
    <View className={`cs__card cs__card--link ${q.overdue ? 'cs__card--overdue' : ''}`} ariaRole='link' onClick={onOpen}>
      <View className='cs__row'>
        <StatusBadge status={q.status} />
        <View className='cs__meta'>{when(q.askedAt)}</View>
      </View>
      <View className='cs__text cs__clip' style={{ marginTop: '14px' }}>
        {q.text}
      </View>
      <View className='cs__meta'>
        {showWho ? `${q.askerName} · ` : ''}
        {townshipName(q.townshipCode)} {q.villageName} · 现在由{CONSULT_TIER_LABELS[q.tier]}处理
        {q.handlerName ? `（${q.handlerName}已认领）` : ''}
      </View>
      {q.dueAt && <View className={`cs__meta ${q.overdue ? 'cs__late' : ''}`}>{dueWords(q)}</View>}
    </View>
  );
}
