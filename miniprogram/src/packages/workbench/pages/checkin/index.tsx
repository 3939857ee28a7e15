import { useRouter } from '@tarojs/taro';
import { Image, Input, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { CheckInCode } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { Field, TextInput, fieldErrorsOf, type FieldErrors } from '../../../../components/Form';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { ApiError } from '../../../../services/http';
import { checkInCode, getLecture, listRegistrations, proxyCheckIn, setWalkIns } from '../../../../services/lectures';
import { spanLabel } from '../../../../pages/lectures/format';
import '../../../../pages/lectures/lectures.css';
import { alt } from '../../../../components/a11y';

/**
 * The check-in screen staff show at the lecture: a QR code that changes every 45 s (each code is
 * signed and valid for 90 s), 代签 by name or phone, and the head count of people without WeChat.
 */
export default function CheckInScreenPage() {
  const id = useRouter().params.id ?? '';
  const { user } = useSession();
  const lecture = useRequest(() => getLecture(id), [id], { enabled: !!user && !!id });
  const [code, setCode] = useState<CheckInCode | null>(null);
  const [codeProblem, setCodeProblem] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const people = useRequest(() => listRegistrations(id, query ? { q: query } : {}), [id, query], { enabled: !!user && !!id });
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [walkInsTyped, setWalkInsText] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // A refused 代签 or head count is also shown under the field it names (手机号, 人数).
  const [errors, setErrors] = useState<FieldErrors>({});

  useEffect(() => {
    if (!user || !id) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const refresh = async () => {
      try {
        const next = await checkInCode(id);
        if (stopped) return;
        setCode(next);
        setCodeProblem(null);
        timer = setTimeout(() => void refresh(), next.refreshAfterSeconds * 1000);
      } catch (err) {
        if (stopped) return;
        setCodeProblem(err instanceof ApiError ? err.message : '签到码没能生成');
        timer = setTimeout(() => void refresh(), 15_000);
      }
    };
    void refresh();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [user, id]);

  /** Runs one 代签 or head count; says how it went, and whether it did. */
  async function run(action: () => Promise<{ name?: string } | unknown>, done: (r: any) => string): Promise<boolean> {
    setMessage(null);
    setErrors({});
    try {
      const result = await action();
      setMessage({ ok: true, text: done(result) });
      void lecture.reload();
      void people.reload();
      return true;
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setMessage({ ok: false, text: err instanceof ApiError ? err.message : '没有成功，请再试一次' });
      return false;
    }
  }

  const l = lecture.data;
  // Shown from the Input's first render; changing its value right after mount trips Taro's H5 input.
  const walkIns = walkInsTyped ?? (l ? String(l.walkIns) : '');
  return (
    <PageContainer loading={lecture.loading && !l} error={lecture.error} onRetry={() => void lecture.reload()}>
      {l && (
        <>
          <View className='lx-head'>
            <View className='lx-head__title'>{l.title}</View>
            <View className='lx-head__sub'>
              {spanLabel(l.startAt, l.endAt)} · 已签到 {l.checkInCount} 人 · 无微信到场 {l.walkIns} 人
            </View>
          </View>
          {message && <View className={`lx-notice ${message.ok ? 'lx-notice--ok' : 'lx-notice--bad'}`}>{message.text}</View>}
          <View className='lx-section'>
            {/* The link is what the code carries (data-link, for tests that "scan" it); the signed token itself is never shown. */}
            <View className='lx-card lx-qr' data-link={code?.link}>
              {codeProblem && <View className='lx-notice lx-notice--bad'>{codeProblem}</View>}
              {code && <Image className='lx-qr__image' src={code.qrDataUrl} mode='aspectFit' {...alt('签到二维码：请群众用微信扫一扫')} />}
              <View className='lx-qr__hint'>请用微信扫一扫签到（手机相机扫也可以）。二维码每 {code?.refreshAfterSeconds ?? 45} 秒更换一次。</View>
            </View>
          </View>

          <View className='lx-section'>
            <View className='lx-section__title'>代签</View>
            <View className='lx-card'>
              <Input className='lx-input' value={query} placeholder='按姓名查找已报名的群众' onInput={(e) => setQuery((e.detail?.value ?? '').trim())} />
              {people.data?.items.length === 0 && <View className='lx-empty'>{query ? `没有找到叫“${query}”的报名群众。` : '还没有人报名。'}</View>}
              {people.data?.items.map((p) => (
                <View key={p.userId} className='lx-person'>
                  <View>
                    {p.displayName}
                    {p.status === 'waitlisted' ? `（候补第 ${p.waitlistPosition} 位）` : ''}
                  </View>
                  {p.checkedIn ? (
                    <View className='lx-badge lx-badge--ok'>已签到</View>
                  ) : (
                    <ActionButton size='medium' variant='secondary' onClick={() => void run(() => proxyCheckIn(id, { userId: p.userId }), (r) => `${r.name} 已签到`)}>
                      代签
                    </ActionButton>
                  )}
                </View>
              ))}
              <View className='qf-field__label' style={{ marginTop: '32px' }}>
                不在名单里的群众
              </View>
              <View className='lx-row'>
                <Field label='姓名' error={errors.name}>
                  <TextInput value={name} placeholder='姓名' onChange={setName} />
                </Field>
                <Field label='手机号（可不填）' error={errors.phone}>
                  <TextInput type='number' value={phone} placeholder='手机号（可不填）' onChange={setPhone} />
                </Field>
              </View>
              <View className='lx-actions'>
                <ActionButton
                  size='medium'
                  disabled={!name.trim()}
                  onClick={() =>
                    // The fields empty once he is signed in; a refusal leaves them as typed.
                    void run(() => proxyCheckIn(id, { name: name.trim(), ...(phone.trim() ? { phone: phone.trim() } : {}) }), (r) => `${r.name} 已签到`).then((done) => {
                      if (!done) return;
                      setName('');
                      setPhone('');
                    })
                  }
                >
                  按姓名代签
                </ActionButton>
              </View>
            </View>
          </View>

          <View className='lx-section'>
            <View className='lx-section__title'>没有微信的到场人数</View>
            <View className='lx-card'>
              <Field label='人数' error={errors.count}>
                <TextInput type='number' value={walkIns} placeholder='人数' onChange={setWalkInsText} />
              </Field>
              <ActionButton size='medium' onClick={() => void run(() => setWalkIns(id, Number(walkIns || 0)), () => '已记下到场人数')}>
                保存人数
              </ActionButton>
            </View>
          </View>
        </>
      )}
    </PageContainer>
  );
}
