import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { townshipName } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { useStaffTownship } from '../../../../hooks/useStaffTownship';
import { awarenessReport, LECTURE_CHECK_PAGES } from '../../../../services/lecture-checks';
import { currentYear, timeLabel } from '../../../../pages/lectures/format';
import { AwarenessBars } from '../../components/AwarenessBars';
import { ConsultTrend } from '../../components/ConsultTrend';
import { checked } from '../../../../components/a11y';
import '../../../../pages/lectures/lectures.css';
import '../../lecture-checks.css';

/**
 * 讲座效果: a year's lectures and whether they changed what people know, by topic (知晓率 before →
 * after over the people who answered both times). Township staff see their township; the county
 * sees all, or picks one.
 */
export default function AwarenessReportPage() {
  const { user } = useSession();
  const [year, setYear] = useState(currentYear());
  // The county sees all townships together until it picks one.
  const { admin, code, setCode, chooseButton, picker } = useStaffTownship({ question: '看哪个乡镇的讲座效果', firstLabel: '看某个乡镇' });
  const report = useRequest(() => awarenessReport(year, code), [year, code], { enabled: !!user });
  usePullDownRefresh(() => void report.reload().finally(() => Taro.stopPullDownRefresh()));
  const r = report.data;

  return (
    <PageContainer
      title={`${code ? townshipName(code) : '全县'}讲座效果`}
      subtitle='讲座前后各答同样的 3 道题，看知晓率变了多少（只算两次都答了的人）'
      loading={report.loading && !r}
      error={report.error}
      onRetry={() => void report.reload()}
    >
      <View className='lx-section'>
        <View className='lx-switch' ariaRole='radiogroup'>
          {[currentYear() - 1, currentYear()].map((y) => (
            <View key={y} className={`lx-switch__item ${y === year ? 'lx-switch__item--on' : ''}`} ariaRole='radio' {...checked(y === year)} onClick={() => setYear(y)}>
              {y} 年
            </View>
          ))}
        </View>
        {admin && (
          <View className='lx-actions'>
            {chooseButton}
            {code && (
              <ActionButton size='medium' variant='plain' onClick={() => setCode(null)}>
                看全县
              </ActionButton>
            )}
          </View>
        )}
      </View>
      {r && r.total.pairs === 0 && (
        <View className='lx-notice'>
          {year} 年还没有讲座前后都答了题的群众。群众扫码签到后会被请答 3 道小题，讲座结束后 24 小时内再答一次，这里就会按主题显示变化。
        </View>
      )}
      {r && r.total.pairs > 0 && (
        <>
          <View className='lx-section'>
            <View className='lx-card'>
              <AwarenessBars name={`全部讲座（${r.total.pairs} 人次两次都答了）`} before={r.total.before} after={r.total.after} />
            </View>
          </View>
          <View className='lx-section'>
            <View className='lx-section__title'>按主题</View>
            <View className='lx-card'>
              {r.topics.map((t) => (
                <View key={t.topic} data-topic={t.topic}>
                  <AwarenessBars name={t.topic} before={t.before} after={t.after} note={`${t.lectures} 场讲座 · ${t.pairs} 人次`} />
                </View>
              ))}
            </View>
          </View>
          <View className='lx-section'>
            <View className='lx-section__title'>每场讲座</View>
            <View className='lx-card'>
              {r.lectures.map((l) => (
                <View key={l.lectureId} className='lc-link' ariaRole='button' onClick={() => void Taro.navigateTo({ url: LECTURE_CHECK_PAGES.lecture(l.lectureId) })}>
                  <View className='lx-bar__name'>{l.title}</View>
                  <View className='lx-muted'>
                    {code ? '' : `${townshipName(l.townshipCode)} · `}
                    {timeLabel(l.startAt)} · {l.pairs} 人两次都答 · 知晓率 {l.before ?? '—'}% → {l.after ?? '—'}%
                  </View>
                </View>
              ))}
            </View>
          </View>
        </>
      )}
      {r && r.consultations.length > 0 && (
        <View className='lx-section'>
          <View className='lx-section__title'>讲过以后，群众问得少了吗？</View>
          <View className='lx-card'>
            <View className='lx-muted'>每个讲过的主题：第一次讲座前后各 13 周，群众在“问一问”里问这个主题的次数（每周一根柱子）。</View>
            {r.consultations.map((t) => (
              <ConsultTrend key={t.topic} t={t} />
            ))}
          </View>
        </View>
      )}
      {r && !code && <View className='lx-muted lx-section'>选一个乡镇，可以看讲过的主题前后群众咨询的变化。</View>}
      {picker}
    </PageContainer>
  );
}
