import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { AttemptResult, SheetResult } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { ApiError } from '../../../../services/http';
import { getAttempt, QUIZ_PAGES, submitAttempt } from '../../../../services/quiz';
import { QuestionCard } from '../../components/QuestionCard';
import { ReviewPanel } from '../../components/ReviewPanel';
import { useSavedAnswers } from '../../components/useSavedAnswers';
import { AutoReadSwitch, currentQuestion, useAutoRead } from '../../components/AutoRead';
import '../../quiz.css';

function useSecondsLeft(deadline: string | undefined) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return deadline ? Math.max(0, Math.floor((new Date(deadline).getTime() - now) / 1000)) : 0;
}

/** One campaign attempt: the questions (no answers), a countdown, one 交卷; then the result. */
export default function AttemptPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const n = Number(params.n ?? 1);
  const attempt = useRequest(() => getAttempt(id, n), [id, n]);
  const [chosen, choose, forget] = useSavedAnswers(id ? `qf.quiz.attempt.${id}.${n}` : null);
  const [result, setResult] = useState<AttemptResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const left = useSecondsLeft(attempt.data?.deadline);

  const a = attempt.data;
  const shown: (SheetResult & { passed: boolean }) | null = result ?? a?.result ?? null;
  const certificateCode = result?.certificateCode ?? null;
  const open = a?.status === 'open' && !shown;
  const unanswered = (a?.questions ?? []).filter((q) => !(chosen[q.id]?.length)).length;
  const listen = useAutoRead();
  const reading = listen.on && open ? currentQuestion(a.questions, chosen) : null;

  async function submit() {
    if (!a) return;
    if (unanswered > 0 && left > 0) {
      const { confirm } = await Taro.showModal({ title: '还有题没答', content: `还有 ${unanswered} 道题没选答案，没答的算答错。确定交卷吗？`, confirmText: '交卷', cancelText: '再看看' });
      if (!confirm) return;
    }
    setBusy(true);
    setError(null);
    try {
      const answers = a.questions.filter((q) => chosen[q.id]?.length).map((q) => ({ questionId: q.id, answer: chosen[q.id]! }));
      setResult(await submitAttempt(id, n, { answers }));
      forget();
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '交卷没有成功，请重试');
    } finally {
      setBusy(false);
    }
  }

  const mm = String(Math.floor(left / 60)).padStart(2, '0');
  const ss = String(left % 60).padStart(2, '0');
  return (
    <PageContainer loading={attempt.loading} error={attempt.error} onRetry={() => void attempt.reload()} className='quiz'>
      {a && open && (
        <View className={`quiz-timer ${left < 60 ? 'quiz-timer--low' : ''}`}>
          {left > 0 ? `剩余时间 ${mm}:${ss} · 还有 ${unanswered} 题没答` : '时间到了，请马上交卷'}
        </View>
      )}
      {a && a.status === 'expired' && !shown && <View className='quiz-error'>这次答题已超时，未计成绩。可以回到竞赛页再答一次（如果还有机会）。</View>}
      {shown && (
        <View className='quiz-score'>
          <View className='quiz-score__value'>{shown.score}</View>
          <View className='quiz-score__label'>
            分 · 答对 {shown.correctCount} / {shown.total} 题
          </View>
          {shown.passed ? <View className='quiz-score__pass'>成绩合格，获得电子证书</View> : <View className='quiz-score__fail'>还没有及格，再接再厉</View>}
        </View>
      )}
      {shown && (
        <View className='quiz-actions'>
          {certificateCode && (
            <ActionButton block onClick={() => void Taro.navigateTo({ url: QUIZ_PAGES.certificate(certificateCode) })}>
              查看我的证书
            </ActionButton>
          )}
          <ActionButton block variant='secondary' onClick={() => void Taro.redirectTo({ url: QUIZ_PAGES.campaign(id) })}>
            看排行榜
          </ActionButton>
        </View>
      )}
      {open && <AutoReadSwitch state={listen} />}
      {shown
        ? shown.items.map((item, i) => (
            <View key={item.questionId}>
              <QuestionCard index={i} total={shown.items.length} question={item} chosen={item.given} review={item} />
              <ReviewPanel review={item} />
            </View>
          ))
        : open &&
          a.questions.map((q, i) => (
            <QuestionCard key={q.id} index={i} total={a.questions.length} question={q} chosen={chosen[q.id] ?? []} onChange={(letters) => choose(q.id, letters)} readAloud={reading === q.id} />
          ))}
      {error && <View className='quiz-error'>{error}</View>}
      {open && (
        <View className='quiz-actions'>
          <ActionButton block busy={busy} onClick={() => void submit()}>
            交卷
          </ActionButton>
        </View>
      )}
    </PageContainer>
  );
}
