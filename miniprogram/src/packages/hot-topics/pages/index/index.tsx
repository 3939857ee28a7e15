import Taro, { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { countyMonth, HOT_TOPIC_SOURCE_LABELS, HOT_TOPIC_SOURCES, previousMonth, townshipName, type HotTopic } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { useStaffTownship } from '../../../../hooks/useStaffTownship';
import { getHotTopics } from '../../../../services/hot-topics';
import '../../hot-topics.css';
import { checked } from '../../../../components/a11y';

const monthWords = (month: string) => `${Number(month.slice(5, 7))}月`;

/** "比上月多 2" / "比上月少 1" / "和上月一样" / "上月没有": the change in words (never colour alone). */
function changeWords(t: HotTopic) {
  if (t.previous === 0) return '上月没有';
  const d = t.count - t.previous;
  return d > 0 ? `比上月多 ${d}` : d < 0 ? `比上月少 ${-d}` : '和上月一样';
}

/**
 * 精准普法: what a township's people needed this month (or last), ranked from what they asked,
 * got wrong at quizzes and what the 明白人 recorded; one tap plans a lecture on it.
 */
export default function HotTopicsPage() {
  const { user } = useSession();
  const { admin, code, chooseButton, picker } = useStaffTownship({ question: '看哪个乡镇的热点' });
  // Posts are written by propaganda staff and the county; township clerks plan lectures.
  const writer = admin || !!user?.roles.includes('propaganda');
  const thisMonth = countyMonth(new Date());
  const [month, setMonth] = useState(thisMonth);
  const board = useRequest(() => getHotTopics(code!, month), [code, month], { enabled: !!code });
  useDidShow(() => void (code && board.reload()));

  const b = board.data;
  const max = Math.max(1, ...(b?.topics.map((t) => t.count) ?? []));
  const plan = (t: HotTopic) =>
    void Taro.navigateTo({
      url: `/packages/workbench/pages/form/index?townshipCode=${code}&topic=${encodeURIComponent(t.topic)}&title=${encodeURIComponent(`${t.topic}法律知识讲座`)}`,
    });

  const write = (t: HotTopic) =>
    void Taro.navigateTo({
      url: `/packages/content/pages/editor/index?townshipCode=${code}&topic=${encodeURIComponent(t.topic)}&title=${encodeURIComponent(`说说${t.topic}那些事`)}`,
    });

  return (
    <PageContainer title={code ? `${townshipName(code)}群众最关心的法律问题` : '精准普法热点'} subtitle='从群众的咨询、答错的题、明白人的记录和查询里统计' loading={!!code && board.loading && !b} error={board.error} onRetry={() => void board.reload()}>
      <View className='ht'>
        {admin && (
          <View className='ht__actions' style={{ marginTop: 0, marginBottom: '20px' }}>
            {chooseButton}
          </View>
        )}
        {code && (
          <View className='ht__months'>
            {[thisMonth, previousMonth(thisMonth)].map((m) => (
              <View key={m} className={`ht__month ${m === month ? 'ht__month--on' : ''}`} ariaRole='radio' {...checked(m === month)} ariaLabel={`${monthWords(m)}${m === month ? '，已选' : ''}`} onClick={() => setMonth(m)}>
                {m === thisMonth ? `本月（${monthWords(m)}）` : `上月（${monthWords(m)}）`}
              </View>
            ))}
          </View>
        )}
        {b && b.topics.length === 0 && b.unanswered.length === 0 && <View className='ht__empty'>{monthWords(b.month)}还没有带话题的咨询、答题或记录。法律明白人回复问题、记一笔时选上话题，这里就会排出来。</View>}
        {b?.topics.map((t, i) => (
          <View key={t.topic} className='ht__card ht__topic-card' ariaLabel={`第 ${i + 1} 名：${t.topic}，${t.count} 次，${changeWords(t)}`}>
            <View className='ht__row'>
              <View className='ht__topic'>
                {i + 1}. {t.topic}
              </View>
              <View className='ht__count'>{t.count} 次</View>
            </View>
            <View className='ht__track'>
              <View className='ht__bar' style={{ width: `${(t.count / max) * 100}%` }} />
            </View>
            <View className='ht__meta'>
              <View className={t.count > t.previous ? 'ht__up' : ''}>{changeWords(t)}</View>
              {HOT_TOPIC_SOURCES.filter((s) => t.sources[s] > 0)
                .map((s) => `${HOT_TOPIC_SOURCE_LABELS[s]} ${t.sources[s]}`)
                .join(' · ')}
            </View>
            <View className='ht__actions'>
              <ActionButton size='medium' onClick={() => plan(t)}>
                安排一场讲座
              </ActionButton>
              {writer && (
                <ActionButton size='medium' variant='secondary' onClick={() => write(t)}>
                  写一篇文章
                </ActionButton>
              )}
            </View>
          </View>
        ))}
        {b && b.unanswered.length > 0 && (
          <View className='ht__card ht__unanswered'>
            <View className='ht__topic'>群众查了、没查到满意答案的话</View>
            <View className='ht__note'>可以请法律顾问写成常见问答，或者在下一场讲座里讲一讲。</View>
            {b.unanswered.map((u) => (
              <View key={u.words} className='ht__row ht__miss'>
                <View>“{u.words}”</View>
                <View className='ht__count'>{u.count} 次</View>
              </View>
            ))}
          </View>
        )}
      </View>
      {picker}
    </PageContainer>
  );
}
