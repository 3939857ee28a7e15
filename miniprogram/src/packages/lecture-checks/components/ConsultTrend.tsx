import { View } from '@tarojs/components';
import type { AwarenessReport } from '@qf/shared';
import { timeLabel } from '../../../pages/lectures/format';

type Trend = AwarenessReport['consultations'][number];

/** After the lecture, did people ask about the topic less? Questions per week, 13 before and 13 after, with the lecture as a line. */
export function ConsultTrend({ t }: { t: Trend }) {
  const max = Math.max(1, ...t.weeks.map((w) => w ?? 0));
  const half = t.weeks.length / 2;
  const words = `讲座前 13 周问了 ${t.before} 次，讲座后 ${t.afterDays} 天问了 ${t.after} 次`;
  return (
    <View className='lc-trend' data-trend={t.topic} ariaLabel={`${t.topic}：${words}`}>
      <View className='lc-pair__name'>{t.topic}</View>
      <View className='lc-pair__note'>
        {timeLabel(t.lectureAt)} 第一次讲（{t.lectureTitle}）
      </View>
      <View className='lc-trend__chart'>
        {t.weeks.map((w, i) => (
          <View key={i} className={`lc-trend__col ${i === half ? 'lc-trend__col--lecture' : ''}`}>
            {w !== null && <View className={`lc-trend__bar lc-trend__bar--${i < half ? 'before' : 'after'}`} style={{ height: `${Math.max(w ? 8 : 2, (w / max) * 100)}%` }} />}
          </View>
        ))}
      </View>
      <View className='lc-trend__axis'>
        <View>13 周前</View>
        <View>讲座</View>
        <View>13 周后</View>
      </View>
      <View className='lx-line'>{words}</View>
    </View>
  );
}
