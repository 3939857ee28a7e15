import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { AnswerReview } from '@qf/shared';
import { CIVIL_CODE_PAGES } from '../../../services/civil-code';
import { ReportQuestion } from './ReportQuestion';

/** Right or wrong, the right answer, the explanation in plain words, the cited articles' text, and 报错. */
export function ReviewPanel({ review, extra }: { review: AnswerReview; extra?: string }) {
  return (
    <View className={`quiz-review ${review.isCorrect ? 'quiz-review--right' : 'quiz-review--wrong'}`}>
      <View className='quiz-review__verdict'>
        {review.isCorrect ? '答对了' : `答错了，正确答案是 ${review.correct.join('、')}`}
        {!review.isCorrect && review.given.length > 0 && <View className='quiz-review__given'>您选的是 {review.given.join('、')}</View>}
      </View>
      {extra && <View className='quiz-review__extra'>{extra}</View>}
      <View className='quiz-review__label'>解析</View>
      <View className='quiz-review__text'>{review.explanation}</View>
      {review.articles.map((a) => (
        <View key={a.number} className='quiz-review__article'>
          <View className='quiz-review__article-head'>
            <View className='quiz-review__article-no'>民法典第 {a.number} 条</View>
            <View
              className='quiz-review__article-link'
              hoverClass='quiz-review__article-link--pressed'
              ariaRole='link'
              onClick={() => void Taro.navigateTo({ url: CIVIL_CODE_PAGES.article(a.number) })}
            >
              查看原文
            </View>
          </View>
          {a.text && <View className='quiz-review__article-text'>{a.text}</View>}
        </View>
      ))}
      <ReportQuestion key={review.questionId} questionId={review.questionId} />
    </View>
  );
}
