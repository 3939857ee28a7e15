import Taro from '@tarojs/taro';
import { Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { REPORT_TEXT_MAX } from '@qf/shared';
import { ActionButton } from '../../../components/ActionButton';
import { FieldError, useSubmit } from '../../../components/Form';
import { QUIZ_PAGES, reportQuestion } from '../../../services/quiz';

/**
 * 「这道题有问题？」 under an answered question: a few words to the staff who look after the bank.
 * A refusal (empty, too long) shows under the box and keeps what was typed; a second report
 * while the first is still open is explained in a dialog.
 */
export function ReportQuestion({ questionId }: { questionId: string }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);
  /** What was sent when the server refused it: the refusal is shown until the text changes. */
  const [refusedText, setRefusedText] = useState<string | null>(null);
  const { saving, errors, submit } = useSubmit('报错没有发出');

  if (sent) {
    return (
      <View className='quiz-report quiz-report--sent' ariaRole='status'>
        <View>已收到您的报错，谢谢！工作人员核对后会回复您。</View>
        <View className='quiz-report__link' hoverClass='quiz-report__link--pressed' ariaRole='link' onClick={() => void Taro.navigateTo({ url: QUIZ_PAGES.myReports })}>
          看我的报错
        </View>
      </View>
    );
  }

  if (!open) {
    return (
      <View className='quiz-report'>
        <View className='quiz-report__link' hoverClass='quiz-report__link--pressed' ariaRole='button' onClick={() => setOpen(true)}>
          这道题有问题？
        </View>
      </View>
    );
  }

  return (
    <View className='quiz-report quiz-report--open'>
      <View className='quiz-report__label'>说说哪里不对（几句话就行）</View>
      <Textarea
        className='quiz-report__box'
        value={text}
        maxlength={REPORT_TEXT_MAX}
        placeholder='比如：答案好像不对；选项看不懂；法条对不上'
        onInput={(e) => setText(e.detail.value)}
      />
      <View className='quiz-report__count'>
        {text.length} / {REPORT_TEXT_MAX} 字
      </View>
      <FieldError error={refusedText === text ? (errors.text ?? errors.questionId) : undefined} />
      <View className='quiz-report__actions'>
        <ActionButton
          size='medium'
          busy={saving}
          onClick={() =>
            void submit(async () => {
              setRefusedText(text);
              await reportQuestion(questionId, text);
              setSent(true);
            })
          }
        >
          发送
        </ActionButton>
        <ActionButton size='medium' variant='plain' onClick={() => setOpen(false)}>
          取消
        </ActionButton>
      </View>
    </View>
  );
}
