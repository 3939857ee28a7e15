import Taro, { useRouter } from '@tarojs/taro';
import { Input, Picker, Textarea, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { CIVIL_CODE_BOOKS, toCountyIso, type Campaign, type CampaignInput, type CampaignPatch, type CivilCodeBook } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { FieldError, useSubmit } from '../../../../components/Form';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { createCampaign, getCampaign, QUIZ_PAGES, updateCampaign } from '../../../../services/quiz';
import '../../quiz.css';
import { checked, named } from '../../../../components/a11y';

const county = (d: Date) => toCountyIso(d);
const dateOf = (d: Date) => county(d).slice(0, 10);
const timeOf = (d: Date) => county(d).slice(11, 16);

interface Draft {
  title: string;
  description: string;
  openDate: string;
  openTime: string;
  closeDate: string;
  closeTime: string;
  questionCount: string;
  minutes: string;
  attempts: string;
  passMark: string;
  books: CivilCodeBook[];
}

function blankDraft(now: Date): Draft {
  const week = new Date(now.getTime() + 7 * 86_400_000);
  return { title: '', description: '', openDate: dateOf(now), openTime: timeOf(now), closeDate: dateOf(week), closeTime: '22:00', questionCount: '20', minutes: '20', attempts: '2', passMark: '60', books: [] };
}

function draftOf(c: Campaign): Draft {
  const opens = new Date(c.opensAt);
  const closes = new Date(c.closesAt);
  return {
    title: c.title,
    description: c.description,
    openDate: dateOf(opens),
    openTime: timeOf(opens),
    closeDate: dateOf(closes),
    closeTime: timeOf(closes),
    questionCount: String(c.questionCount),
    minutes: String(Math.round(c.timeLimitSeconds / 60)),
    attempts: String(c.attemptsAllowed),
    passMark: String(c.passMark),
    books: [...c.books],
  };
}

/** What the server gets; an empty number box becomes NaN, which it refuses naming the field. */
function inputOf(d: Draft): CampaignInput {
  return {
    title: d.title,
    description: d.description,
    opensAt: `${d.openDate}T${d.openTime}:00+08:00`,
    closesAt: `${d.closeDate}T${d.closeTime}:00+08:00`,
    questionCount: Number(d.questionCount),
    books: d.books,
    timeLimitSeconds: Math.round(Number(d.minutes) * 60),
    attemptsAllowed: Number(d.attempts),
    passMark: Number(d.passMark),
  };
}

/**
 * Only what the admin changed: an untouched time limit of 90 s is not rounded to 2 minutes, and
 * editing the description alone does not re-check the question pool.
 */
function patchOf(draft: Draft, original: Draft): CampaignPatch {
  const after = inputOf(draft);
  const before = inputOf(original);
  return Object.fromEntries(Object.entries(after).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key as keyof CampaignInput]))) as CampaignPatch;
}

/**
 * County admin: a campaign's hours, size, pool, time limit, attempts and pass mark. With `?id=` it
 * edits that campaign (new settings apply to attempts started from then on).
 */
export default function CampaignFormPage() {
  const { params } = useRouter();
  const editingId = params.id ?? '';
  const { user } = useSession();
  const existing = useRequest(() => getCampaign(editingId), [editingId], { enabled: !!editingId });
  const [draft, setDraft] = useState<Draft>(() => blankDraft(new Date()));
  const [original, setOriginal] = useState<Draft | null>(null);
  const { saving, errors, submit } = useSubmit(editingId ? '没有保存成功' : '没有创建成功');

  // Fill the form once from the campaign being edited; later reloads must not wipe what was typed.
  useEffect(() => {
    if (existing.data && !original) {
      setDraft(draftOf(existing.data));
      setOriginal(draftOf(existing.data));
      void Taro.setNavigationBarTitle({ title: '编辑竞赛' });
    }
  }, [existing.data, original]);

  if (user && !user.roles.includes('county_admin')) {
    return (
      <PageContainer className='quiz'>
        <View className='quiz-error'>只有县司法局管理员可以创建和修改竞赛</View>
      </PageContainer>
    );
  }

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const toggleBook = (b: CivilCodeBook) => set('books', draft.books.includes(b) ? draft.books.filter((x) => x !== b) : [...draft.books, b]);

  const save = () =>
    submit(async () => {
      if (editingId && original) {
        // Back to the campaign page, which reloads when shown.
        await updateCampaign(editingId, patchOf(draft, original));
        void Taro.showToast({ title: '已保存', icon: 'success' });
        void Taro.navigateBack();
        return;
      }
      const created = await createCampaign(inputOf(draft));
      void Taro.showToast({ title: '竞赛已创建', icon: 'success' });
      void Taro.redirectTo({ url: QUIZ_PAGES.campaign(created.id) });
    });

  const errorOf = (field: string) => <FieldError error={errors[field]} />;

  const number = (label: string, key: 'questionCount' | 'minutes' | 'attempts' | 'passMark', field: string, cls: string) => (
    <View className='quiz-field'>
      <View className='quiz-field__label'>{label}</View>
      <Input className={`quiz-field__input ${cls}`} type='number' value={draft[key]} onInput={(e) => set(key, e.detail.value)} {...named(label)} />
      {errorOf(field)}
    </View>
  );

  const when = (label: string, date: 'openDate' | 'closeDate', time: 'openTime' | 'closeTime', field: string) => (
    <View className='quiz-field'>
      <View className='quiz-field__label'>{label}</View>
      <View className='quiz-field__row'>
        <Picker className='quiz-field__picker' mode='date' value={draft[date]} onChange={(e) => set(date, String(e.detail.value))}>
          <View className='quiz-field__input'>{draft[date]}</View>
        </Picker>
        <Picker className='quiz-field__picker quiz-field__picker--time' mode='time' value={draft[time]} onChange={(e) => set(time, String(e.detail.value))}>
          <View className='quiz-field__input'>{draft[time]}</View>
        </Picker>
      </View>
      {errorOf(field)}
    </View>
  );

  return (
    <PageContainer loading={!!editingId && !original && !existing.error} error={editingId ? existing.error : null} onRetry={() => void existing.reload()} className='quiz'>
      <View className='quiz-field'>
        <View className='quiz-field__label'>竞赛名称</View>
        <Input className='quiz-field__input quiz-new__title' value={draft.title} maxlength={60} placeholder='例如：宪法宣传周民法典知识竞赛' onInput={(e) => set('title', e.detail.value)} />
        {errorOf('title')}
      </View>
      <View className='quiz-field'>
        <View className='quiz-field__label'>说明（可不填）</View>
        <Textarea className='quiz-field__input quiz-new__desc' value={draft.description} maxlength={500} autoHeight onInput={(e) => set('description', e.detail.value)} {...named('竞赛说明')} />
        {errorOf('description')}
      </View>
      {when('开始时间', 'openDate', 'openTime', 'opensAt')}
      {when('结束时间', 'closeDate', 'closeTime', 'closesAt')}
      {number('题目数量', 'questionCount', 'questionCount', 'quiz-new__count')}
      {number('每次答题限时（分钟）', 'minutes', 'timeLimitSeconds', 'quiz-new__minutes')}
      {number('每人可答次数', 'attempts', 'attemptsAllowed', 'quiz-new__attempts')}
      {number('及格分（满分 100）', 'passMark', 'passMark', 'quiz-new__pass')}
      <View className='quiz-field'>
        <View className='quiz-field__label'>出题范围（不选 = 全部七编）</View>
      </View>
      <View className='quiz-books'>
        {CIVIL_CODE_BOOKS.map((b) => (
          <View key={b} className={`quiz-book ${draft.books.includes(b) ? 'quiz-book--on' : ''}`} ariaRole='checkbox' {...checked(draft.books.includes(b))} ariaLabel={`${b}编${draft.books.includes(b) ? '，已选' : ''}`} onClick={() => toggleBook(b)}>
            {b}编
          </View>
        ))}
      </View>
      {errorOf('books')}
      {editingId && <View className='quiz-note'>修改后的题量、范围、限时和及格分，只用于之后开始的答题；已交卷的成绩不变。</View>}
      <View className='quiz-actions'>
        <ActionButton block busy={saving} disabled={!draft.title.trim()} onClick={() => void save()}>
          {editingId ? '保存修改' : '创建竞赛'}
        </ActionButton>
      </View>
    </PageContainer>
  );
}
