import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { canManageTownship } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { ApiError } from '../../../../services/http';
import { cancelSignUp, getLecture, reminderTemplate, signUp, subscribeReminder } from '../../../../services/lectures';
import { getLectureCheck, LECTURE_CHECK_PAGES } from '../../../../services/lecture-checks';
import { residentStatusWords, spanLabel } from '../../../../pages/lectures/format';
import '../../../../pages/lectures/lectures.css';

/** A lecture: when, where (with the map), who speaks, seats left; sign up, cancel, reminder, check in. */
export default function LectureDetailPage() {
  const id = useRouter().params.id ?? '';
  const { user } = useSession();
  const lecture = useRequest(() => getLecture(id), [id], { enabled: !!user && !!id });
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const checkedIn = !!lecture.data?.myRegistration?.checkedIn;
  const check = useRequest(() => getLectureCheck(id), [id, checkedIn], { enabled: checkedIn });
  useDidShow(() => {
    if (lecture.data) void lecture.reload();
    if (check.data) void check.reload();
  });

  async function act(name: string, action: () => Promise<unknown>, done: string | ((r: any) => string)) {
    setBusy(name);
    setMessage(null);
    try {
      const result = await action();
      setMessage({ ok: true, text: typeof done === 'string' ? done : done(result) });
      await lecture.reload();
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError ? err.message : '出了点问题，请稍后重试' });
    } finally {
      setBusy(null);
    }
  }

  async function remind() {
    const { templateId } = await reminderTemplate();
    if (process.env.TARO_ENV !== 'weapp' || !templateId) {
      setMessage({ ok: false, text: '讲座提醒通过微信发送，请在微信小程序里开启。' });
      return;
    }
    const answer = await Taro.requestSubscribeMessage({ tmplIds: [templateId], entityIds: [] } as never).catch(() => null);
    if (!answer || (answer as Record<string, string>)[templateId] !== 'accept') {
      setMessage({ ok: false, text: '没有开启提醒。需要时可以再点一次。' });
      return;
    }
    // Each 允许 in WeChat covers one message: the first tap plans the day-before reminder, a second tap the two-hours one.
    await act('remind', () => subscribeReminder(id, templateId), (r: { planned: { kind: string }[]; more: boolean }) =>
      r.more ? '好的，讲座前一天会提醒您。想在开始前两小时也收到提醒，请再点一次“提醒我”。' : `好的，${r.planned.map((p) => (p.kind === 'day_before' ? '讲座前一天' : '开始前两小时')).join('和')}会提醒您。`,
    );
  }

  function openMap() {
    const place = lecture.data?.venue;
    if (!place?.location) return;
    if (process.env.TARO_ENV === 'weapp') {
      void Taro.openLocation({ latitude: place.location.latitude, longitude: place.location.longitude, name: place.name, address: place.address, scale: 16 });
    } else {
      window.open(`https://uri.amap.com/marker?position=${place.location.longitude},${place.location.latitude}&name=${encodeURIComponent(place.name)}&coordinate=gaode`, '_blank');
    }
  }

  const l = lecture.data;
  const mine = l?.myRegistration ?? null;
  const signedUp = mine?.status === 'registered' || mine?.status === 'waitlisted';
  const canSignUp = l?.status === 'published' && new Date(l.startAt).getTime() > Date.now();

  return (
    <PageContainer loading={lecture.loading && !l} error={lecture.error} onRetry={() => void lecture.reload()}>
      {l && (
        <>
          <View className='lx-head'>
            <View className='lx-head__title'>{l.title}</View>
            <View className='lx-head__sub'>
              {l.townshipName} · {residentStatusWords(l)}
            </View>
          </View>
          {l.status === 'cancelled' && <View className='lx-notice lx-notice--bad'>这场讲座已取消：{l.cancelReason}</View>}
          {message && <View className={`lx-notice ${message.ok ? 'lx-notice--ok' : 'lx-notice--bad'}`}>{message.text}</View>}

          <View className='lx-section'>
            <View className='lx-card'>
              <View className='lx-when'>{spanLabel(l.startAt, l.endAt)}</View>
              <View className='lx-line'>地点：{l.venue.name}</View>
              <View className='lx-muted'>{l.venue.address}</View>
              {l.venue.location && (
                <View className='lx-actions'>
                  <ActionButton size='medium' variant='secondary' onClick={openMap}>
                    查看地图
                  </ActionButton>
                </View>
              )}
              <View className='lx-line'>
                主讲：{l.speaker.name}（{l.speaker.unit}）
              </View>
              <View className='lx-tags'>
                {l.topics.map((t) => (
                  <View key={t} className='lx-tag'>
                    {t}
                  </View>
                ))}
              </View>
              {l.status === 'published' && (
                <View className={`lx-seats ${l.seatsLeft <= 0 ? 'lx-seats--full' : ''}`}>
                  {l.seatsLeft > 0 ? `共 ${l.capacity} 个名额，还剩 ${l.seatsLeft} 个` : `名额已满，已有 ${l.waitlistCount} 人候补`}
                </View>
              )}
              {l.notes && <View className='lx-line'>备注：{l.notes}</View>}
            </View>

            <View className='lx-card lx-mine'>
              <View className='lx-section__title'>我的报名</View>
              {!mine && <View className='lx-line'>还没有报名。</View>}
              {mine?.status === 'registered' && <View className='lx-line lx-mine__status lx-mine__status--ok'>已报名{mine.promotedAt ? '（候补成功）' : ''}</View>}
              {mine?.status === 'waitlisted' && <View className='lx-line lx-mine__status'>候补第 {mine.waitlistPosition ?? '-'} 位：有人取消时按顺序递补，会通知您。</View>}
              {mine?.checkedIn && <View className='lx-line lx-mine__status--ok'>已签到</View>}
              <View className='lx-actions'>
                {canSignUp && !signedUp && (
                  <ActionButton busy={busy === 'signup'} onClick={() => void act('signup', () => signUp(id), (r) => (r.status === 'waitlisted' ? `名额已满，您是候补第 ${r.waitlistPosition} 位。` : '报名成功！请按时参加。'))}>
                    {l.seatsLeft > 0 ? '我要报名' : '加入候补'}
                  </ActionButton>
                )}
                {signedUp && l.status === 'published' && !mine?.checkedIn && (
                  <ActionButton variant='secondary' busy={busy === 'cancel'} onClick={() => void act('cancel', () => cancelSignUp(id), '已取消报名。')}>
                    取消报名
                  </ActionButton>
                )}
                {signedUp && canSignUp && !mine?.reminder && (
                  <ActionButton variant='secondary' busy={busy === 'remind'} onClick={() => void remind()}>
                    提醒我
                  </ActionButton>
                )}
                {(l.status === 'published' || l.status === 'held') && !mine?.checkedIn && (
                  <ActionButton variant='secondary' onClick={() => void Taro.navigateTo({ url: `/packages/lectures/pages/checkin/index?id=${id}` })}>
                    到场签到
                  </ActionButton>
                )}
              </View>
            </View>

            {check.data && (check.data.phase || check.data.review.length > 0) && (
              <View className='lx-card' data-check={check.data.phase ?? 'done'}>
                <View className='lx-section__title'>讲座小题</View>
                <View className='lx-line'>
                  {check.data.phase === 'before' && `先答 ${check.data.questions.length} 道小题，讲座结束后再答一次（不计分，可以跳过）。`}
                  {check.data.phase === 'after' && `讲座结束了。再答一次同样的 ${check.data.questions.length} 道题，看看学到了多少。`}
                  {!check.data.phase && check.data.before && (check.data.after ? `讲座前答对 ${check.data.before.correct} 道，讲座后答对 ${check.data.after.correct} 道。` : '讲座后的答题时间已过，可以看看正确答案。')}
                </View>
                <View className='lx-actions'>
                  <ActionButton variant={check.data.phase ? 'primary' : 'secondary'} onClick={() => void Taro.navigateTo({ url: LECTURE_CHECK_PAGES.check(id) })}>
                    {check.data.phase === 'after' ? '再答一次' : check.data.phase === 'before' ? '答题' : '看答案'}
                  </ActionButton>
                </View>
              </View>
            )}

            {user && canManageTownship(user, l.townshipCode) && (
              <ActionButton block variant='secondary' onClick={() => void Taro.navigateTo({ url: `/packages/workbench/pages/index/index?townshipCode=${l.townshipCode}` })}>
                到工作台管理这场讲座
              </ActionButton>
            )}
          </View>
        </>
      )}
    </PageContainer>
  );
}
