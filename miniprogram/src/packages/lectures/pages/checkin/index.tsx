import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import { parseCheckInCode, type CheckInResult } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useSession } from '../../../../hooks/useSession';
import { ApiError } from '../../../../services/http';
import { checkIn } from '../../../../services/lectures';
import { getLectureCheck, LECTURE_CHECK_PAGES } from '../../../../services/lecture-checks';
import { timeLabel } from '../../../../pages/lectures/format';
import '../../../../pages/lectures/lectures.css';

/**
 * Check-in. The QR code on the staff screen links here (?id=&t=), so opening the link checks in at
 * once; in WeChat the 扫一扫 button reads the code; the code can also be typed in.
 */
export default function CheckInPage() {
  const params = useRouter().params;
  const { user } = useSession();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CheckInResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  /** After checking in: how many questions the lecture asks before it starts (0: none to answer now). */
  const [questions, setQuestions] = useState(0);
  const tried = useRef(false);

  async function submit(text: string, fallbackLectureId?: string) {
    const parsed = parseCheckInCode(text);
    const lectureId = parsed?.lectureId ?? fallbackLectureId;
    if (!parsed || !lectureId) {
      setProblem('这不是讲座的签到码，请扫描现场屏幕上的二维码。');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const done = await checkIn(lectureId, parsed.token);
      setResult(done);
      // The 3 questions are offered, never required: a failure here leaves the check-in as it is.
      const check = await getLectureCheck(done.lectureId).catch(() => null);
      setQuestions(check?.phase === 'before' ? check.questions.length : 0);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.message : '签到没有成功，请再试一次');
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    if (!user || tried.current || !params.id || !params.t) return;
    tried.current = true;
    void submit(`?id=${params.id}&t=${params.t}`);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user, params.id, params.t]);

  // Back from the questions: offer them no more once answered.
  useDidShow(() => {
    if (result) void getLectureCheck(result.lectureId).then((c) => setQuestions(c.phase === 'before' ? c.questions.length : 0), () => undefined);
  });

  async function scan() {
    const scanned = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] }).catch(() => null);
    if (scanned?.result) await submit(scanned.result, params.id);
  }

  return (
    <PageContainer>
      <View className='lx-head'>
        <View className='lx-head__title'>讲座签到</View>
        <View className='lx-head__sub'>到了讲座现场，扫描工作人员屏幕上的二维码。</View>
      </View>
      {result && (
        <View className='lx-notice lx-notice--ok lx-checkin-ok'>
          <View className='lx-big-number'>签到成功</View>
          <View>
            {result.name}，{timeLabel(result.at)} 已签到。感谢参加！
          </View>
        </View>
      )}
      {problem && <View className='lx-notice lx-notice--bad'>{problem}</View>}
      {!result && (
        <View className='lx-section'>
          {process.env.TARO_ENV === 'weapp' && (
            <ActionButton block busy={busy} onClick={() => void scan()}>
              扫一扫签到
            </ActionButton>
          )}
          <View className='lx-card'>
            <View className='lx-field__label'>或者输入签到码</View>
            <Input className='lx-input' value={typed} placeholder='签到码' onInput={(e) => setTyped((e.detail?.value ?? ''))} />
            <View className='lx-actions'>
              <ActionButton variant='secondary' busy={busy} disabled={!typed.trim()} onClick={() => void submit(typed, params.id)}>
                确认签到
              </ActionButton>
            </View>
          </View>
        </View>
      )}
      {result && questions > 0 && (
        <View className='lx-section'>
          <View className='lx-card'>
            <View className='lx-section__title'>先答 {questions} 道小题</View>
            <View className='lx-line'>讲座结束后再答一次同样的题，看看学到了多少。不计分，可以跳过。</View>
            <View className='lx-actions'>
              <ActionButton onClick={() => void Taro.navigateTo({ url: LECTURE_CHECK_PAGES.check(result.lectureId) })}>答 {questions} 道小题</ActionButton>
              <ActionButton variant='secondary' onClick={() => setQuestions(0)}>
                跳过
              </ActionButton>
            </View>
          </View>
        </View>
      )}
      {result && (
        <View className='lx-section'>
          <ActionButton block variant='secondary' onClick={() => void Taro.navigateTo({ url: '/packages/lectures/pages/record/index' })}>
            看我的讲座记录
          </ActionButton>
        </View>
      )}
    </PageContainer>
  );
}
