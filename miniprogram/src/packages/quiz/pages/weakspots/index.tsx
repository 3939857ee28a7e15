import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { findTownship, TOWNSHIPS } from '@qf/shared';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { useStaffTownship } from '../../../../hooks/useStaffTownship';
import { CIVIL_CODE_PAGES } from '../../../../services/civil-code';
import { getWeakSpots } from '../../../../services/quiz';
import '../../quiz.css';

/**
 * 精准普法 for township staff: the articles the township's people answered wrong most often in the
 * last 90 days, as topics for the next lectures. County admins can look at any township.
 */
export default function WeakSpotsPage() {
  const { params } = useRouter();
  const { user } = useSession();
  // County admins start on the township named in the link, or the first, and may switch.
  const township = useStaffTownship({ question: '看哪个乡镇的薄弱法条', initial: params.township && findTownship(params.township) ? params.township : (user?.staffTownshipCode ?? TOWNSHIPS[0].code) });
  const code = township.code!;
  const spots = useRequest(() => getWeakSpots(code), [code], { enabled: !!user });
  const s = spots.data;
  return (
    <PageContainer loading={spots.loading && !s} error={spots.error} onRetry={() => void spots.reload()} className='quiz'>
      <View className='quiz-head'>
        <View className='quiz-head__title'>{findTownship(code)?.name} · 薄弱法条</View>
        <View className='quiz-head__sub'>{s ? `${s.from} 至 ${s.to} · 共答 ${s.answers} 题，答错 ${s.wrongAnswers} 题` : '近 90 天'}</View>
      </View>
      {township.admin && <View className='quiz-actions'>{township.chooseButton}</View>}
      {s && s.suggestedTopics.length > 0 && (
        <View className='quiz-card'>
          <View className='quiz-card__title'>建议讲座选题</View>
          <View className='quiz-card__text'>{s.suggestedTopics.map((t) => `${t}编`).join('、')}</View>
        </View>
      )}
      {s && s.items.length === 0 && <View className='quiz-note'>近 90 天还没有本乡镇群众答错的记录</View>}
      {s?.items.map((item, i) => (
        <View key={item.article} className='quiz-card' hoverClass='quiz-card--pressed' ariaRole='link' onClick={() => void Taro.navigateTo({ url: CIVIL_CODE_PAGES.article(item.article) })}>
          <View className='quiz-card__row'>
            <View className='quiz-card__title'>
              {i + 1}. 民法典第 {item.article} 条{item.book ? ` · ${item.book}编` : ''}
            </View>
            <View className='quiz-card__badge'>错 {item.wrongCount} 次</View>
          </View>
          {item.text && <View className='quiz-card__text quiz-weak__text'>{item.text.length > 80 ? `${item.text.slice(0, 80)}…` : item.text}</View>}
        </View>
      ))}
      {township.picker}
    </PageContainer>
  );
}
