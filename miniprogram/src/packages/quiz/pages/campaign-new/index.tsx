import Taro from '@tarojs/taro';
import { Input, Picker, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { CIVIL_CODE_BOOKS, toCountyIso, type CivilCodeBook } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useSession } from '../../../../hooks/useSession';
import { ApiError } from '../../../../services/http';
import { createCampaign, QUIZ_PAGES } from '../../../../services/quiz';
import '../../quiz.css';

const county = (d: Date) => toCountyIso(d);
const dateOf = (d: Date) => county(d).slice(0, 10);
const timeOf = (d: Date) => county(d).slice(11, 16);

/** County admin: a new campaign with its hours, size, pool, time limit, attempts and pass mark. */
export default function NewCampaignPage() {
  const { user } = useSession();
  const now = new Date();
  const week = new Date(now.getTime() + 7 * 86_400_000);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [openDate, setOpenDate] = useState(dateOf(now));
  const [openTime, setOpenTime] = useState(timeOf(now));
  const [closeDate, setCloseDate] = useState(dateOf(week));
  const [closeTime, setCloseTime] = useState('22:00');
  const [questionCount, setQuestionCount] = useState('20');
  const [minutes, setMinutes] = useState('20');
  const [attempts, setAttempts] = useState('2');
  const [passMark, setPassMark] = useState('60');
  const [books, setBooks] = useState<CivilCodeBook[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (user && !user.roles.includes('county_admin')) {
    return (
      <PageContainer className='quiz'>
        <View className='quiz-error'>只有县司法局管理员可以创建竞赛</View>
      </PageContainer>
    );
  }

  const toggle = (b: CivilCodeBook) => setBooks((list) => (list.includes(b) ? list.filter((x) => x !== b) : [...list, b]));

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const created = await createCampaign({
        title,
        description,
        opensAt: `${openDate}T${openTime}:00+08:00`,
        closesAt: `${closeDate}T${closeTime}:00+08:00`,
        questionCount: Number(questionCount),
        books,
        timeLimitSeconds: Math.round(Number(minutes) * 60),
        attemptsAllowed: Number(attempts),
        passMark: Number(passMark),
      });
      void Taro.showToast({ title: '竞赛已创建', icon: 'success' });
      void Taro.redirectTo({ url: QUIZ_PAGES.campaign(created.id) });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '没有保存成功，请重试');
    } finally {
      setBusy(false);
    }
  }

  const number = (label: string, value: string, set: (v: string) => void, cls: string) => (
    <View className='quiz-field'>
      <View className='quiz-field__label'>{label}</View>
      <Input className={`quiz-field__input ${cls}`} type='number' value={value} onInput={(e) => set(e.detail.value)} />
    </View>
  );

  return (
    <PageContainer className='quiz'>
      <View className='quiz-field'>
        <View className='quiz-field__label'>竞赛名称</View>
        <Input className='quiz-field__input quiz-new__title' value={title} maxlength={60} placeholder='例如：宪法宣传周民法典知识竞赛' onInput={(e) => setTitle(e.detail.value)} />
      </View>
      <View className='quiz-field'>
        <View className='quiz-field__label'>说明（可不填）</View>
        <Textarea className='quiz-field__input quiz-new__desc' value={description} maxlength={500} autoHeight onInput={(e) => setDescription(e.detail.value)} />
      </View>
      <View className='quiz-field'>
        <View className='quiz-field__label'>开始时间</View>
        <View className='quiz-field__row'>
          <Picker className='quiz-field__picker' mode='date' value={openDate} onChange={(e) => setOpenDate(String(e.detail.value))}>
            <View className='quiz-field__input'>{openDate}</View>
          </Picker>
          <Picker className='quiz-field__picker quiz-field__picker--time' mode='time' value={openTime} onChange={(e) => setOpenTime(String(e.detail.value))}>
            <View className='quiz-field__input'>{openTime}</View>
          </Picker>
        </View>
      </View>
      <View className='quiz-field'>
        <View className='quiz-field__label'>结束时间</View>
        <View className='quiz-field__row'>
          <Picker className='quiz-field__picker' mode='date' value={closeDate} onChange={(e) => setCloseDate(String(e.detail.value))}>
            <View className='quiz-field__input'>{closeDate}</View>
          </Picker>
          <Picker className='quiz-field__picker quiz-field__picker--time' mode='time' value={closeTime} onChange={(e) => setCloseTime(String(e.detail.value))}>
            <View className='quiz-field__input'>{closeTime}</View>
          </Picker>
        </View>
      </View>
      {number('题目数量', questionCount, setQuestionCount, 'quiz-new__count')}
      {number('每次答题限时（分钟）', minutes, setMinutes, 'quiz-new__minutes')}
      {number('每人可答次数', attempts, setAttempts, 'quiz-new__attempts')}
      {number('及格分（满分 100）', passMark, setPassMark, 'quiz-new__pass')}
      <View className='quiz-field'>
        <View className='quiz-field__label'>出题范围（不选 = 全部七编）</View>
      </View>
      <View className='quiz-books'>
        {CIVIL_CODE_BOOKS.map((b) => (
          <View key={b} className={`quiz-book ${books.includes(b) ? 'quiz-book--on' : ''}`} ariaRole='checkbox' ariaLabel={`${b}编${books.includes(b) ? '，已选' : ''}`} onClick={() => toggle(b)}>
            {b}编
          </View>
        ))}
      </View>
      {error && <View className='quiz-error'>{error}</View>}
      <View className='quiz-actions'>
        <ActionButton block busy={busy} disabled={!title.trim()} onClick={() => void save()}>
          创建竞赛
        </ActionButton>
      </View>
    </PageContainer>
  );
}
