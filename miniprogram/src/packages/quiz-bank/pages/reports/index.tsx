import Taro, { useDidShow } from '@tarojs/taro';
import { Textarea, View } from '@tarojs/components';
import { useRef, useState } from 'react';
import { countyDateParts, REPORT_ANSWER_MAX, type QuestionReportStatus, type ReportGroup } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { FieldError, showFailure, useSubmit } from '../../../../components/Form';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { answerQuestionReports, listQuestionReports, QUIZ_BANK_PAGES, setQuestionStatus } from '../../../../services/quiz-bank';
import { BankStaffOnly, useBankStaff } from '../../access';
import { answerText, articlesText, STATUS_LABELS, TYPE_LABELS } from '../../labels';
import '../../bank.css';

function dayText(iso: string) {
  const { month, day } = countyDateParts(new Date(iso));
  return `${month}月${day}日`;
}

/**
 * 题目报错: what residents said looks wrong, one card per question, the latest report first. Staff
 * answer all open reports on a question at once (the reporters see it under 我的报错), retire
 * the question, or open it in the editor.
 */
export default function QuestionReportsPage() {
  const [status, setStatus] = useState<QuestionReportStatus>('open');
  const allowed = useBankStaff();
  const list = useRequest(() => listQuestionReports(status), [status], { enabled: allowed });
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current && allowed) void list.reload();
    shown.current = true;
  });

  const data = list.data;
  return (
    <PageContainer className='qb' error={list.error} onRetry={() => void list.reload()}>
      <BankStaffOnly>
        <View className='qb__head'>
          <View className='qb__title'>题目报错</View>
          <View className='qb__subtitle'>{data ? `待回复 ${data.openTotal} 条 · 群众答题后觉得有问题的题目` : '正在加载…'}</View>
        </View>

        <View className='qb__chips qb__chips--top'>
          <View className={`qb__chip ${status === 'open' ? 'qb__chip--on' : ''}`} ariaRole='button' onClick={() => setStatus('open')}>
            待回复
          </View>
          <View className={`qb__chip ${status === 'answered' ? 'qb__chip--on' : ''}`} ariaRole='button' onClick={() => setStatus('answered')}>
            已回复
          </View>
        </View>

        {list.loading && !data && <View className='qb__help'>正在加载…</View>}
        {data && data.groups.length === 0 && <View className='qb__help'>{status === 'open' ? '没有待回复的报错。' : '还没有回复过的报错。'}</View>}
        {data?.groups.map((group) => (
          <GroupCard key={`${status}:${group.questionId}`} group={group} onChanged={() => void list.reload()} />
        ))}
      </BankStaffOnly>
    </PageContainer>
  );
}

function GroupCard({ group, onChanged }: { group: ReportGroup; onChanged: () => void }) {
  const [answer, setAnswer] = useState('');
  const [retiring, setRetiring] = useState(false);
  const { saving, errors, submit } = useSubmit('回复没有发出');
  const open = group.reports.some((r) => r.status === 'open');
  const retired = group.questionStatus === 'retired';
  const answers = [...new Set(group.reports.map((r) => r.answer).filter((a): a is string => !!a))];

  async function retire() {
    const { confirm } = await Taro.showModal({
      title: '停用这道题？',
      content: '停用后不再出这道题，以前的答题记录不受影响；以后可在题库里恢复。',
      confirmText: '停用',
      cancelText: '不停用',
    });
    if (!confirm) return;
    setRetiring(true);
    try {
      await setQuestionStatus(group.questionId, 'retired');
      void Taro.showToast({ title: '已停用', icon: 'success' });
      onChanged();
    } catch (err) {
      showFailure('没有停用', err);
    } finally {
      setRetiring(false);
    }
  }

  return (
    <View className={`qb__card qb-report ${retired ? 'qb-report--retired' : ''}`}>
      <View className='qb__card-meta'>
        <View className='qb__tag'>{group.book}</View>
        <View className='qb__tag'>{TYPE_LABELS[group.content.type]}</View>
        <View className={`qb__tag ${retired ? 'qb__tag--retired' : ''}`}>{STATUS_LABELS[group.questionStatus]}</View>
        <View className='qb__tag qb__tag--error'>{group.count} 条报错</View>
      </View>
      <View className='qb__card-stem'>{group.content.stem}</View>
      <View className='qb__card-answer'>
        答案 {answerText(group.content)} · {articlesText(group.content.articles)}
      </View>

      <View className='qb-report__said-label'>群众说（最新的在前）</View>
      {group.reports.map((r, i) => (
        <View key={i} className='qb-report__said'>
          <View className='qb-report__when'>{dayText(r.createdAt)}</View>
          <View>{r.text}</View>
        </View>
      ))}

      {answers.map((a) => (
        <View key={a} className='qb-report__answer'>
          已回复：{a}
        </View>
      ))}

      {open && (
        <View className='qb-report__reply'>
          <View className='qb-report__said-label'>回复报错的群众（{group.count > 1 ? `${group.count} 人都会看到` : '报错人会看到'}）</View>
          <Textarea
            className='qb__textarea qb-report__box'
            value={answer}
            maxlength={REPORT_ANSWER_MAX}
            placeholder='比如：谢谢指出，已核对法条并改正；或说明为什么题目没有错'
            onInput={(e) => setAnswer(e.detail.value)}
          />
          <FieldError error={errors.answer} />
          <View className='qb-report__actions'>
            <ActionButton
              busy={saving}
              onClick={() =>
                void submit(async () => {
                  await answerQuestionReports(group.questionId, answer);
                  void Taro.showToast({ title: '已回复', icon: 'success' });
                  onChanged();
                })
              }
            >
              发送回复
            </ActionButton>
          </View>
        </View>
      )}

      <View className='qb-report__actions'>
        {!retired && (
          <ActionButton variant='secondary' size='medium' busy={retiring} onClick={() => void retire()}>
            停用这道题
          </ActionButton>
        )}
        <ActionButton variant='plain' size='medium' onClick={() => void Taro.navigateTo({ url: QUIZ_BANK_PAGES.edit(group.questionId) })}>
          修改这道题
        </ActionButton>
      </View>
    </View>
  );
}
