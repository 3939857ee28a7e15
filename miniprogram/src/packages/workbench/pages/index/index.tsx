import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { canManageTownship, checkInWindow, isCountyAdmin, townshipName, TOWNSHIPS, type Lecture, type TownshipCode } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { Field, TextInput, fieldErrorsOf } from '../../../../components/Form';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { ApiError } from '../../../../services/http';
import { cancelLecture, cloneLecture, listLectures, publishLecture, townshipProgress } from '../../../../services/lectures';
import { LectureCard } from '../../../../pages/lectures/LectureCard';
import { currentYear } from '../../../../pages/lectures/format';
import { LECTURE_CHECK_PAGES } from '../../../../services/lecture-checks';
import '../../../../pages/lectures/lectures.css';

/** 讲座工作台: a township's lectures (drafts included) with what staff do next on each, and its progress. */
export default function WorkbenchPage() {
  const { user } = useSession();
  const asked = useRouter().params.townshipCode as TownshipCode | undefined;
  const admin = !!user && isCountyAdmin(user);
  const [chosen, setChosen] = useState<TownshipCode | null>(asked ?? null);
  const township = (chosen ?? user?.staffTownshipCode ?? (admin ? TOWNSHIPS[0].code : null)) as TownshipCode | null;
  const allowed = !!user && !!township && canManageTownship(user, township);
  const year = currentYear();
  const drafts = useRequest(() => listLectures({ townshipCode: township!, status: 'draft', scope: 'all', limit: 100 }), [township], { enabled: allowed });
  const planned = useRequest(() => listLectures({ townshipCode: township!, scope: 'all', year, limit: 100 }), [township], { enabled: allowed });
  const progress = useRequest(() => townshipProgress(township!, year), [township], { enabled: allowed });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const reload = () => void Promise.all([drafts.reload(), planned.reload(), progress.reload()]);
  useDidShow(() => {
    // Back from a form or 标记已举办: what was said about an earlier action no longer applies.
    setMessage(null);
    if (planned.data) reload();
  });
  const go = (url: string) => {
    setMessage(null);
    void Taro.navigateTo({ url });
  };

  /** Runs one change of a lecture; says how it went, and whether it did. */
  async function run(action: () => Promise<unknown>, done: string): Promise<boolean> {
    setMessage(null);
    try {
      await action();
      setMessage({ ok: true, text: done });
      reload();
      return true;
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError ? err.message : '操作没有成功，请稍后重试' });
      setCancelError(fieldErrorsOf(err).reason);
      return false;
    }
  }

  // Cancelling asks for the reason in the page itself (the same on WeChat and in a browser).
  const [cancelling, setCancelling] = useState<{ id: string; reason: string } | null>(null);
  const [cancelError, setCancelError] = useState<string | undefined>();
  async function confirmCancel() {
    if (!cancelling) return;
    setCancelError(undefined);
    if (!cancelling.reason.trim()) {
      setCancelError('请填写取消原因，已报名的群众会看到');
      return;
    }
    // A refusal keeps the reason as typed, under the field.
    if (await run(() => cancelLecture(cancelling.id, cancelling.reason.trim()), '讲座已取消，已报名的群众会看到原因。')) setCancelling(null);
  }

  async function clone(l: Lecture) {
    // Same weekday and time a week later; staff change the date in the form.
    const next = new Date(new Date(l.startAt).getTime() + 7 * 24 * 3600_000).toISOString();
    try {
      const copy = await cloneLecture(l.id, next);
      go(`/packages/workbench/pages/form/index?id=${copy.id}`);
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError ? err.message : '复制没有成功' });
    }
  }

  const notAllowed = !!user && !allowed;
  // One list in date order: what comes next first, then what is over (latest first).
  const now = Date.now();
  const byId = new Map([...(drafts.data?.items ?? []), ...(planned.data?.items ?? [])].map((l) => [l.id, l]));
  const all = [...byId.values()];
  const coming = all.filter((l) => Date.parse(l.endAt) > now).sort((a, b) => Date.parse(a.startAt) - Date.parse(b.startAt));
  const over = all.filter((l) => Date.parse(l.endAt) <= now).sort((a, b) => Date.parse(b.startAt) - Date.parse(a.startAt));
  // 标记已举办 once the lecture is under way (the server's rule: from when check-in opens).
  const started = (l: Lecture) => checkInWindow(new Date(l.startAt), new Date(l.endAt)).opensAt.getTime() <= now;
  const p = progress.data;

  function renderLecture(l: Lecture) {
    return (
      <View key={l.id} className='lx-card lx-manage' data-title={l.title}>
        <LectureCard bare lecture={l} showStatus onClick={() => go(`/packages/lectures/pages/detail/index?id=${l.id}`)} />
        <View className='lx-actions lx-manage__actions'>
          {(l.status === 'draft' || l.status === 'published') && (
            <ActionButton size='medium' variant='secondary' onClick={() => go(`/packages/workbench/pages/form/index?id=${l.id}`)}>
              编辑
            </ActionButton>
          )}
          {l.status === 'draft' && (
            <ActionButton size='medium' onClick={() => void run(() => publishLecture(l.id), `“${l.title}”已发布，群众可以报名了。`)}>
              发布
            </ActionButton>
          )}
          {(l.status === 'published' || l.status === 'held') && (
            <ActionButton size='medium' onClick={() => go(`/packages/workbench/pages/checkin/index?id=${l.id}`)}>
              签到
            </ActionButton>
          )}
          {l.status === 'held' && (
            <ActionButton size='medium' variant='secondary' onClick={() => go(`/packages/workbench/pages/held/index?id=${l.id}`)}>
              修改佐证
            </ActionButton>
          )}
          {l.status === 'published' && started(l) && (
            <ActionButton size='medium' variant='secondary' onClick={() => go(`/packages/workbench/pages/held/index?id=${l.id}`)}>
              标记已举办
            </ActionButton>
          )}
          {(l.status === 'held' || (l.status === 'published' && started(l))) && (
            <ActionButton size='medium' variant='secondary' onClick={() => go(LECTURE_CHECK_PAGES.lecture(l.id))}>
              知晓率
            </ActionButton>
          )}
          <ActionButton size='medium' variant='plain' onClick={() => void clone(l)}>
            复制到下周
          </ActionButton>
          {(l.status === 'draft' || l.status === 'published') && cancelling?.id !== l.id && (
            <ActionButton size='medium' variant='plain' onClick={() => setCancelling({ id: l.id, reason: '' })}>
              取消讲座
            </ActionButton>
          )}
        </View>
        {l.status === 'published' && !started(l) && <View className='lx-muted'>讲座开始前半小时起可以签到和标记已举办。</View>}
        {cancelling?.id === l.id && (
          <View className='lx-manage__cancel'>
            <Field label='取消原因（已报名的群众会看到）' error={cancelError}>
              <TextInput value={cancelling.reason} placeholder='例如：主讲人临时有事，改期另行通知' onChange={(reason) => setCancelling({ id: l.id, reason })} />
            </Field>
            <View className='lx-actions'>
              <ActionButton size='medium' onClick={() => void confirmCancel()}>
                确认取消
              </ActionButton>
              <ActionButton size='medium' variant='secondary' onClick={() => setCancelling(null)}>
                不取消了
              </ActionButton>
            </View>
          </View>
        )}
      </View>
    );
  }

  return (
    <PageContainer loading={allowed && planned.loading && !planned.data} error={planned.error ?? drafts.error} onRetry={reload} empty={notAllowed} emptyText='讲座工作台只对司法所工作人员和县司法局开放。'>
      <View className='lx-head'>
        <View className='lx-head__title'>讲座工作台</View>
        <View className='lx-head__sub'>{township ? `${townshipName(township)}司法所` : ''}</View>
        {admin && (
          <View className='lx-tags'>
            {TOWNSHIPS.map((t) => (
              <View key={t.code} className={`lx-tag lx-tag--choice ${t.code === township ? 'lx-tag--on' : ''}`} ariaRole='button' onClick={() => setChosen(t.code)}>
                {t.name}
              </View>
            ))}
          </View>
        )}
      </View>
      {message && <View className={`lx-notice ${message.ok ? 'lx-notice--ok' : 'lx-notice--bad'}`}>{message.text}</View>}
      {p && (
        <View className='lx-section'>
          <View className='lx-card lx-progress-card'>
            <View className='lx-section__title'>
              <View>{year} 年进度</View>
              <View className='lx-badge' style={{ background: p.color }}>
                {p.paceLabel}
              </View>
            </View>
            <View className='lx-stats'>
              <View className='lx-stat'>
                <View className='lx-stat__value'>
                  {p.held}/{p.quota}
                </View>
                <View className='lx-stat__label'>已举办</View>
              </View>
              <View className='lx-stat'>
                <View className='lx-stat__value'>{p.scheduled}</View>
                <View className='lx-stat__label'>已安排</View>
              </View>
              <View className='lx-stat'>
                <View className='lx-stat__value'>{p.expectedByToday}</View>
                <View className='lx-stat__label'>截至今日应完成</View>
              </View>
            </View>
          </View>
        </View>
      )}
      <View className='lx-section lx-actions'>
        <ActionButton onClick={() => go(`/packages/workbench/pages/form/index?townshipCode=${township}`)}>新建讲座</ActionButton>
        <ActionButton variant='secondary' onClick={() => go('/packages/workbench/pages/overview/index')}>
          全县进度
        </ActionButton>
        <ActionButton variant='secondary' onClick={() => go(LECTURE_CHECK_PAGES.report)}>
          讲座效果
        </ActionButton>
        <ActionButton variant='secondary' onClick={() => go('/packages/people/pages/index/index')}>
          人员与角色
        </ActionButton>
      </View>
      <View className='lx-section'>
        <View className='lx-section__title'>接下来的讲座</View>
        {all.length === 0 && <View className='lx-empty'>还没有讲座。点“新建讲座”开始安排。</View>}
        {all.length > 0 && coming.length === 0 && <View className='lx-empty'>接下来没有安排讲座。</View>}
        {coming.map(renderLecture)}
      </View>
      {over.length > 0 && (
        <View className='lx-section'>
          <View className='lx-section__title'>已经过去的讲座</View>
          {over.map(renderLecture)}
        </View>
      )}
    </PageContainer>
  );
}
