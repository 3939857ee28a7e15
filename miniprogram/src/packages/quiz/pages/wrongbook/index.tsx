import { View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import type { AnswerFeedback, OptionLetter, WrongBookItem } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { ApiError } from '../../../../services/http';
import { answerWrongBook, getWrongBook } from '../../../../services/quiz';
import { QuestionCard } from '../../components/QuestionCard';
import { ReviewPanel } from '../../components/ReviewPanel';
import '../../quiz.css';

/** 错题本: every question answered wrong, to redo; two right answers in a row take it out. */
export default function WrongBookPage() {
  const book = useRequest(() => getWrongBook(), []);
  useDidShow(() => void book.reload());
  const items = book.data?.items ?? [];
  return (
    <PageContainer
      loading={book.loading && !book.data}
      error={book.error}
      onRetry={() => void book.reload()}
      empty={!!book.data && items.length === 0}
      emptyText='错题本是空的，答错的题会自动放到这里'
      className='quiz'
    >
      <View className='quiz-head'>
        <View className='quiz-head__title'>错题本 · {items.length} 道</View>
        <View className='quiz-head__sub'>重做一遍；连续答对两次，这道题就移出错题本</View>
      </View>
      {items.map((item) => (
        <WrongQuestion key={item.question.id} item={item} />
      ))}
    </PageContainer>
  );
}

function WrongQuestion({ item }: { item: WrongBookItem }) {
  const [chosen, setChosen] = useState<OptionLetter[]>([]);
  const [feedback, setFeedback] = useState<AnswerFeedback | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const streak = feedback?.correctInARow ?? item.correctInARow;

  async function check() {
    setBusy(true);
    setError(null);
    try {
      setFeedback(await answerWrongBook({ questionId: item.question.id, answer: chosen }));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '没有提交成功，请重试');
    } finally {
      setBusy(false);
    }
  }

  const status = feedback
    ? feedback.inWrongBook
      ? feedback.isCorrect
        ? '答对了 1 次，再答对 1 次就移出错题本'
        : '还在错题本里，再试一次'
      : '连续答对两次，已移出错题本'
    : `答错过 ${item.wrongCount} 次${streak > 0 ? ` · 已连续答对 ${streak} 次` : ''}`;

  return (
    <View className='quiz-wrong'>
      <QuestionCard question={item.question} chosen={feedback ? feedback.given : chosen} onChange={feedback ? undefined : setChosen} review={feedback} />
      {feedback && <ReviewPanel review={feedback} extra={status} />}
      {!feedback && <View className='quiz-note'>{status}</View>}
      {error && <View className='quiz-error'>{error}</View>}
      <View className='quiz-actions'>
        {feedback ? (
          feedback.inWrongBook && (
            <ActionButton
              block
              variant='secondary'
              onClick={() => {
                setFeedback(null);
                setChosen([]);
              }}
            >
              再做一次
            </ActionButton>
          )
        ) : (
          <ActionButton block busy={busy} disabled={chosen.length === 0} onClick={() => void check()}>
            确定
          </ActionButton>
        )}
      </View>
    </View>
  );
}
