import { View } from '@tarojs/components';
import { LEDGER_KIND_LABELS, LEDGER_STATUS_LABELS, type LedgerRecord } from '@qf/shared';

/** "3月5日" from an ISO time in the county's zone. */
export function dayWords(iso: string) {
  const [, m, d] = (iso.split('T')[0] ?? '').split('-');
  return `${Number(m)}月${Number(d)}日`;
}

/** One 记一笔 record as its author and the office see it: what, when, where, and the decision. */
export function RecordCard({ r, showWho = false, children }: { r: LedgerRecord; showWho?: boolean; children?: React.ReactNode }) {
  return (
    <View className={`lg__card ${r.status === 'returned' ? 'lg__card--warn' : ''}`}>
      <View className='lg__row'>
        <View className='lg__badge lg__badge--kind'>{LEDGER_KIND_LABELS[r.kind]}</View>
        <View className={`lg__badge lg__badge--${r.status}`}>{LEDGER_STATUS_LABELS[r.status]}</View>
      </View>
      <View className='lg__meta'>
        {showWho ? `${r.userName} · ` : ''}
        {dayWords(r.occurredAt)}
        {r.village ? ` · ${r.village}` : ''}
        {r.topic ? ` · ${r.topic}` : ''}
      </View>
      <View className='lg__text'>{r.summary}</View>
      {r.photos.length > 0 && <View className='lg__meta'>附照片 {r.photos.length} 张</View>}
      {r.status === 'returned' && r.decision?.reason && <View className='lg__reason'>退回原因：{r.decision.reason}</View>}
      {r.decision && r.status === 'approved' && <View className='lg__meta'>{r.decision.byName} 已通过</View>}
      {children}
    </View>
  );
}

/** A row of the by-kind bars: the points each kind earned (after the daily caps). */
export function KindBars({ byKind }: { byKind: Partial<Record<keyof typeof LEDGER_KIND_LABELS, number>> }) {
  const entries = Object.entries(LEDGER_KIND_LABELS) as [keyof typeof LEDGER_KIND_LABELS, string][];
  const max = Math.max(1, ...entries.map(([k]) => byKind[k] ?? 0));
  return (
    <View>
      {entries.map(([kind, label]) => (
        <View key={kind} className='lg__bar-row' ariaLabel={`${label} ${byKind[kind] ?? 0} 分`}>
          <View className='lg__bar-label'>{label}</View>
          <View className='lg__bar-track'>
            <View className='lg__bar' style={{ width: `${((byKind[kind] ?? 0) / max) * 100}%` }} />
          </View>
          <View className='lg__bar-value'>{byKind[kind] ?? 0} 分</View>
        </View>
      ))}
    </View>
  );
}

/** A big number with its label (the figures staff would rather look at than read). */
export function Figure({ value, label }: { value: number; label: string }) {
  return (
    <View className='lg__figure' ariaLabel={`${label} ${value}`}>
      <View className='lg__figure-num'>{value}</View>
      <View className='lg__figure-label'>{label}</View>
    </View>
  );
}
