import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { CIVIL_CODE_BOOKS, type AnswerFeedback, type CivilCodeBook, type OptionLetter } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { ApiError } from '../../../../services/http';
import { answerPractice, getPracticeSet, QUIZ_PAGES } from '../../../../services/quiz';
import { QuestionCard } from '../../components/QuestionCard';
import { ReviewPanel } from '../../components/ReviewPanel';
import '../../quiz.css';

/** 专项练习: ten questions of one book, one at a time, each checked at once with its explanation. */
export default function PracticePage() {
  const { params } = useRouter();
  const raw = params.book ? decodeURIComponent(params.book) : '';
  const book = (CIVIL_CODE_BOOKS as readonly string[]).includes(raw) ? (raw as CivilCodeBook) : '总则';
  const article = params.article && /^\d{1,4}$/.test(params.article) ? Number(params.article) : undefined;
  const set = useRequest(() => getPracticeSet(book, article), [book, article]);
  const [index, setIndex] = useState(0);
  const [chosen, setChosen] = useState<OptionLetter[]>([]);
  const [feedback, setFeedback] = useState<AnswerFeedback | null>(null);
  const [right, setRight] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => void Taro.setNavigationBarTitle({ title: article ? `专项练习 · 第${article}条` : `专项练习 · ${book}编` }), [book, article]);

  const questions = set.data?.questions ?? [];
  const question = questions[index];
  const finished = questions.length > 0 && index >= questions.length;

  async function check() {
    if (!question || chosen.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const fb = await answerPractice({ questionId: question.id, answer: chosen });
      setFeedback(fb);
      if (fb.isCorrect) setRight((n) => n + 1);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '没有提交成功，请重试');
    } finally {
      setBusy(false);
    }
  }

  function next() {
    setIndex((i) => i + 1);
    setChosen([]);
    setFeedback(null);
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
  }

  function again() {
    setIndex(0);
    setRight(0);
    setChosen([]);
    setFeedback(null);
    void set.reload();
  }

  return (
    <PageContainer loading={set.loading} error={set.error} onRetry={() => void set.reload()} empty={!set.loading && questions.length === 0} emptyText='这一编还没有题目' className='quiz'>
      <View className='quiz-head'>
        <View className='quiz-head__title'>{book}编 · 专项练习</View>
        <View className='quiz-head__sub'>{finished ? '这一组练完了' : `答完一题马上告诉您对错 · 已答对 ${right} 题`}</View>
      </View>
      {finished ? (
        <View>
          <View className='quiz-score'>
            <View className='quiz-score__value'>
              {right}/{questions.length}
            </View>
            <View className='quiz-score__label'>答对的题数</View>
          </View>
          <View className='quiz-actions'>
            <ActionButton block onClick={again}>
              再练一组
            </ActionButton>
            <ActionButton block variant='secondary' onClick={() => void Taro.navigateTo({ url: QUIZ_PAGES.wrongBook })}>
              看错题本
            </ActionButton>
          </View>
        </View>
      ) : (
        question && (
          <View>
            <QuestionCard index={index} total={questions.length} question={question} chosen={feedback ? feedback.given : chosen} onChange={feedback ? undefined : setChosen} review={feedback} />
            {feedback && <ReviewPanel review={feedback} extra={feedback.inWrongBook ? '这道题已放进错题本' : undefined} />}
            {error && <View className='quiz-error'>{error}</View>}
            <View className='quiz-actions'>
              {feedback ? (
                <ActionButton block onClick={next}>
                  {index + 1 < questions.length ? '下一题' : '看练习结果'}
                </ActionButton>
              ) : (
                <ActionButton block busy={busy} disabled={chosen.length === 0} onClick={() => void check()}>
                  确定
                </ActionButton>
              )}
            </View>
          </View>
        )
      )}
    </PageContainer>
  );
}
