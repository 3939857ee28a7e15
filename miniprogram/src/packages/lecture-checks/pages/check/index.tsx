import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import type { AnswerReview, LectureCheckState, OptionLetter } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { ApiError } from '../../../../services/http';
import { answerLectureCheck, getLectureCheck, inviteAfterCheck } from '../../../../services/lecture-checks';
import { timeLabel } from '../../../../pages/lectures/format';
import { QuestionCard } from '../../../quiz/components/QuestionCard';
import '../../../quiz/quiz.css';
import '../../../../pages/lectures/lectures.css';
import '../../lecture-checks.css';

const PHASE_WORDS = { before: '讲座前', after: '讲座后' } as const;

/**
 * 讲座小题: three questions on the lecture's topics, answered once at check-in and once more within
 * 24 hours after the lecture, to see what it taught. Skippable, never scored; the answers and why
 * are shown only after the second time.
 */
export default function LectureCheckPage() {
  const id = useRouter().params.id ?? '';
  const { user } = useSession();
  const check = useRequest(() => getLectureCheck(id), [id], { enabled: !!user && !!id });
  const [latest, setLatest] = useState<LectureCheckState | null>(null);
  const [chosen, setChosen] = useState<Record<string, OptionLetter[]>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useDidShow(() => {
    if (check.data) void check.reload().then(() => setLatest(null));
  });

  const s = latest ?? check.data;
  const unanswered = s ? s.questions.filter((q) => !chosen[q.id]?.length).length : 0;

  async function submit() {
    if (!s?.phase) return;
    setBusy('submit');
    setMessage(null);
    try {
      const next = await answerLectureCheck(id, { phase: s.phase, answers: s.questions.map((q) => ({ questionId: q.id, choice: chosen[q.id]! })) });
      setLatest(next);
      setChosen({});
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError ? err.message : '没有交上，请再试一次' });
    } finally {
      setBusy(null);
    }
  }

  async function remindMe() {
    const templateId = s?.inviteTemplateId;
    if (process.env.TARO_ENV !== 'weapp' || !templateId) {
      setMessage({ ok: true, text: '讲座结束后，打开这场讲座的页面就能再答一次。（提醒通过微信小程序发送）' });
      return;
    }
    const answer = await Taro.requestSubscribeMessage({ tmplIds: [templateId], entityIds: [] } as never).catch(() => null);
    if (!answer || (answer as Record<string, string>)[templateId] !== 'accept') {
      setMessage({ ok: false, text: '没有开启提醒。需要时可以再点一次。' });
      return;
    }
    setBusy('remind');
    try {
      const r = await inviteAfterCheck(id, templateId);
      setMessage({ ok: true, text: `好的，${timeLabel(r.dueAt)} 讲座结束时会在微信里提醒您。` });
      setLatest(await getLectureCheck(id));
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError ? err.message : '没有开启提醒，请再试一次' });
    } finally {
      setBusy(null);
    }
  }

  function leave() {
    if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
    else void Taro.switchTab({ url: '/pages/lectures/index' });
  }

  const reviewOf = (q: LectureCheckState['questions'][number]): AnswerReview | null => {
    const r = s?.review.find((x) => x.questionId === q.id);
    if (!r) return null;
    const isCorrect = r.after.length === r.answer.length && r.after.every((k) => r.answer.includes(k));
    return { questionId: q.id, type: q.type, stem: q.stem, options: q.options, given: r.after, correct: r.answer, isCorrect, explanation: r.explanation, articles: [] };
  };

  return (
    <PageContainer loading={check.loading && !s} error={check.error} onRetry={() => void check.reload()}>
      {s && (
        <>
          <View className='lx-head'>
            <View className='lx-head__title'>{s.title}</View>
            <View className='lx-head__sub'>
              {s.phase ? `${PHASE_WORDS[s.phase]}答 ${s.questions.length} 道小题：不计分，不影响签到，答不上来也没关系。` : '讲座前后各答一次同样的题，看看学到了多少。'}
            </View>
          </View>
          {message && <View className={`lx-notice ${message.ok ? 'lx-notice--ok' : 'lx-notice--bad'}`}>{message.text}</View>}

          {s.before && s.after && (
            <View className='lx-notice lx-notice--ok lc-result' data-result='both'>
              <View className='lc-result__row'>
                <View className='lc-result__cell'>
                  <View className='lc-result__label'>讲座前答对</View>
                  <View className='lx-big-number'>
                    {s.before.correct}/{s.before.total}
                  </View>
                </View>
                <View className='lc-result__arrow'>→</View>
                <View className='lc-result__cell'>
                  <View className='lc-result__label'>讲座后答对</View>
                  <View className='lx-big-number'>
                    {s.after.correct}/{s.after.total}
                  </View>
                </View>
              </View>
              <View>{s.after.correct > s.before.correct ? '进步了！下面是每道题的正确答案和道理。' : '下面是每道题的正确答案和道理，看一看就记住了。'}</View>
            </View>
          )}

          {s.before && !s.after && !s.phase && s.review.length === 0 && (
            <View className='lx-notice lx-notice--ok' data-result='before'>
              <View className='lx-section__title'>答完了，谢谢您！</View>
              <View>{s.reason ?? ''}</View>
            </View>
          )}
          {!s.before && !s.phase && s.reason && <View className='lx-notice'>{s.reason}</View>}
          {s.before && !s.after && s.review.length > 0 && <View className='lx-notice'>讲座后的答题时间（结束后 24 小时内）已经过了。下面是正确答案和道理。</View>}

          {s.phase &&
            s.questions.map((q, i) => (
              <View key={q.id} className='lx-section'>
                <QuestionCard index={i} total={s.questions.length} question={q} chosen={chosen[q.id] ?? []} onChange={(letters) => setChosen((c) => ({ ...c, [q.id]: letters }))} />
              </View>
            ))}
          {s.phase && (
            <View className='lx-section lx-actions'>
              <ActionButton busy={busy === 'submit'} disabled={unanswered > 0} onClick={() => void submit()}>
                {unanswered > 0 ? `还有 ${unanswered} 道没选` : '交上答案'}
              </ActionButton>
              <ActionButton variant='secondary' onClick={leave}>
                {s.phase === 'before' ? '跳过，不答了' : '以后再说'}
              </ActionButton>
            </View>
          )}

          {s.before && !s.after && !s.phase && s.reason?.startsWith('讲座结束后') && (
            <View className='lx-section lx-actions'>
              {s.invited ? (
                <View className='lx-line lx-mine__status--ok'>讲座结束时会在微信里提醒您。</View>
              ) : (
                <ActionButton busy={busy === 'remind'} onClick={() => void remindMe()}>
                  讲座结束后提醒我
                </ActionButton>
              )}
              <ActionButton variant='secondary' onClick={leave}>
                好的
              </ActionButton>
            </View>
          )}

          {s.review.length > 0 &&
            s.questions.map((q, i) => {
              const r = s.review.find((x) => x.questionId === q.id)!;
              return (
                <View key={q.id} className='lx-section'>
                  <QuestionCard index={i} total={s.questions.length} question={q} chosen={r.after.length ? r.after : (r.before ?? [])} review={reviewOf(q)} />
                  <View className='lx-card lc-why'>
                    <View className='lx-line'>
                      讲座前选 {r.before?.join('') ?? '—'} · 讲座后选 {r.after.length ? r.after.join('') : '没有答'} · 正确答案 {r.answer.join('')}
                    </View>
                    <View className='lx-line'>{r.explanation}</View>
                  </View>
                </View>
              );
            })}
        </>
      )}
    </PageContainer>
  );
}
