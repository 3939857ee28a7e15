import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import type { DailyResult, SheetResult } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { ApiError } from '../../../../services/http';
import { getDailyQuiz, QUIZ_PAGES, submitDailyQuiz } from '../../../../services/quiz';
import { QuestionCard } from '../../components/QuestionCard';
import { ReviewPanel } from '../../components/ReviewPanel';
import { useSavedAnswers } from '../../components/useSavedAnswers';
import { AutoReadSwitch, currentQuestion, useAutoRead } from '../../components/AutoRead';
import '../../quiz.css';

/** 每日答题: five questions on one page, one 交卷; then the score, the streak and every explanation. */
export default function DailyQuizPage() {
  const daily = useRequest(getDailyQuiz, []);
  const [chosen, choose, forget] = useSavedAnswers(daily.data ? `qf.quiz.daily.${daily.data.date}` : null);
  const [submitted, setSubmitted] = useState<DailyResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const questions = daily.data?.questions ?? [];
  const result: SheetResult | null = submitted ?? daily.data?.result ?? null;
  const streak = submitted?.streak ?? daily.data?.streak ?? 0;
  const unanswered = questions.filter((q) => !(chosen[q.id]?.length)).length;
  const listen = useAutoRead();
  const reading = listen.on && !result ? currentQuestion(questions, chosen) : null;

  async function submit() {
    if (unanswered > 0) {
      const { confirm } = await Taro.showModal({ title: '还有题没答', content: `还有 ${unanswered} 道题没选答案，没答的算答错。确定交卷吗？`, confirmText: '交卷', cancelText: '再看看' });
      if (!confirm) return;
    }
    setBusy(true);
    setError(null);
    try {
      const answers = questions.filter((q) => chosen[q.id]?.length).map((q) => ({ questionId: q.id, answer: chosen[q.id]! }));
      setSubmitted(await submitDailyQuiz({ answers }));
      forget();
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '交卷没有成功，请重试');
    } finally {
      setBusy(false);
    }
  }

  return (
    <PageContainer loading={daily.loading} error={daily.error} onRetry={() => void daily.reload()} className='quiz'>
      <View className='quiz-head'>
        <View className='quiz-head__title'>每日答题 · {daily.data?.date ?? ''}</View>
        <View className='quiz-head__sub'>{result ? `已连续答题 ${streak} 天` : '共 5 道题，选好后点最下面的「交卷」'}</View>
      </View>
      {!result && questions.length > 0 && <AutoReadSwitch state={listen} />}
      {result && (
        <View className='quiz-score'>
          <View className='quiz-score__value'>{result.score}</View>
          <View className='quiz-score__label'>
            分 · 答对 {result.correctCount} / {result.total} 题
          </View>
          <View className='quiz-score__pass'>连续答题 {streak} 天，明天再来！</View>
        </View>
      )}
      {result
        ? result.items.map((item, i) => (
            <View key={item.questionId}>
              <QuestionCard index={i} total={result.items.length} question={item} chosen={item.given} review={item} />
              <ReviewPanel review={item} />
            </View>
          ))
        : questions.map((q, i) => (
            <QuestionCard key={q.id} index={i} total={questions.length} question={q} chosen={chosen[q.id] ?? []} onChange={(letters) => choose(q.id, letters)} readAloud={reading === q.id} />
          ))}
      {error && <View className='quiz-error'>{error}</View>}
      <View className='quiz-actions'>
        {!result && (
          <ActionButton block busy={busy} onClick={() => void submit()}>
            交卷
          </ActionButton>
        )}
        {result && result.correctCount < result.total && (
          <ActionButton block variant='secondary' onClick={() => void Taro.navigateTo({ url: QUIZ_PAGES.wrongBook })}>
            去错题本重做
          </ActionButton>
        )}
      </View>
    </PageContainer>
  );
}
