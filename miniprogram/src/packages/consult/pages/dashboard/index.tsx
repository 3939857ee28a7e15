import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { CONSULT_TIER_LABELS, countyDate, townshipName } from '@qf/shared';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { CONSULT_PAGES, getDashboard } from '../../../../services/consult';
import { QuestionCard } from '../../status';
import { Villages } from './Villages';
import '../../consult.css';

const pct = (r: number) => `${Math.round(r * 100)}%`;
function hoursWords(minutes: number | null) {
  if (minutes === null) return '—';
  return minutes < 60 ? `${minutes} 分钟` : `${Math.round((minutes / 60) * 10) / 10} 小时`;
}

function Bar({ label, value, max, text, tone }: { label: string; value: number; max: number; text: string; tone?: 'green' | 'blue' }) {
  const width = max > 0 ? Math.max(2, Math.round((value / max) * 100)) : 0;
  return (
    <View className='cs__bar-row'>
      <View className='cs__bar-label'>{label}</View>
      <View className='cs__bar-track'>
        <View className={`cs__bar ${tone ? `cs__bar--${tone}` : ''}`} style={{ width: `${width}%` }} />
      </View>
      <View className='cs__bar-value'>{text}</View>
    </View>
  );
}

function shiftMonth(month: string, by: number) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * 司法所 staff and the county: the month's questions, how fast each tier answers, how many went up,
 * offline or were solved, questions avoided by suggestions, and what is overdue. Bars, not tables.
 */
export default function DashboardPage() {
  const { user } = useSession();
  const [month, setMonth] = useState(countyDate(new Date()).slice(0, 7));
  const data = useRequest(() => getDashboard({ month }), [month, user?.id], { enabled: !!user });
  const d = data.data;
  const county = !!user?.roles.includes('county_admin');
  const total = d?.townships.reduce((s, t) => s + t.asked, 0) ?? 0;
  const avoided = d?.townships.reduce((s, t) => s + t.avoided, 0) ?? 0;
  const one = d && d.townships.length === 1 ? d.townships[0]! : null;
  const maxAsked = Math.max(1, ...(d?.townships.map((t) => t.asked) ?? [0]));
  const tierMinutes = one ? one.tiers : null;
  const maxMinutes = Math.max(1, ...(tierMinutes?.map((t) => t.medianMinutesToAnswer ?? 0) ?? [0]));
  const [y, m] = month.split('-');

  return (
    <PageContainer loading={data.loading && !d} error={data.error} onRetry={() => void data.reload()}>
      {d && (
        <View className='cs'>
          <View className='cs__row'>
            <View className='cs__choice cs__step' ariaRole='button' onClick={() => setMonth(shiftMonth(month, -1))}>
              ‹ 上月
            </View>
            <View className='cs__title cs__month'>
              {y}年{Number(m)}月 咨询情况
            </View>
            <View className='cs__choice cs__step' ariaRole='button' onClick={() => setMonth(shiftMonth(month, 1))}>
              下月 ›
            </View>
          </View>
          <View className='cs__sub'>{county ? '全县 17 个乡镇' : one ? townshipName(one.townshipCode) : ''}</View>
          <View className='cs__figures'>
            <View className='cs__figure'>
              <View className='cs__figure-num'>{total}</View>
              <View className='cs__figure-label'>本月提问</View>
            </View>
            <View className='cs__figure'>
              <View className='cs__figure-num'>{d.overdue.length}</View>
              <View className='cs__figure-label'>超时未回复</View>
            </View>
            <View className='cs__figure'>
              <View className='cs__figure-num'>{avoided}</View>
              <View className='cs__figure-label'>看了推荐就解决</View>
            </View>
          </View>
          {one && (
            <>
              <View className='cs__section'>各层级回复用时（中位数）</View>
              {one.tiers.map((t) => (
                <Bar key={t.tier} label={CONSULT_TIER_LABELS[t.tier]} value={t.medianMinutesToAnswer ?? 0} max={maxMinutes} text={hoursWords(t.medianMinutesToAnswer)} tone='blue' />
              ))}
              <View className='cs__section'>问题去向</View>
              <Bar label='已解决' value={one.resolvedRate} max={1} text={pct(one.resolvedRate)} tone='green' />
              <Bar label='转过上级' value={one.escalationRate} max={1} text={pct(one.escalationRate)} />
              <Bar label='转到线下' value={one.referralRate} max={1} text={pct(one.referralRate)} tone='blue' />
            </>
          )}
          {!one && (
            <>
              <View className='cs__section'>各乡镇本月提问</View>
              {[...d.townships]
                .sort((a, b) => b.asked - a.asked)
                .map((t) => (
                  <Bar key={t.townshipCode} label={townshipName(t.townshipCode)} value={t.asked} max={maxAsked} text={`${t.asked} 个${t.overdue ? ` · 超时${t.overdue}` : ''}`} />
                ))}
            </>
          )}
          {d.topics.length > 0 && (
            <>
              <View className='cs__section'>大家问得最多的</View>
              {d.topics.slice(0, 8).map((t) => (
                <Bar key={t.topic} label={t.topic} value={t.count} max={d.topics[0]!.count} text={`${t.count} 个`} tone='green' />
              ))}
            </>
          )}
          {user?.staffTownshipCode && user.roles.includes('township_staff') && <Villages townshipCode={user.staffTownshipCode} />}
          <View className='cs__section'>超时未回复</View>
          {d.overdue.length === 0 && <View className='cs__empty'>没有超时的问题</View>}
          {d.overdue.map((q) => (
            <QuestionCard key={q.id} q={q} showWho onOpen={() => void Taro.navigateTo({ url: CONSULT_PAGES.thread(q.id) })} />
          ))}
        </View>
      )}
    </PageContainer>
  );
}
