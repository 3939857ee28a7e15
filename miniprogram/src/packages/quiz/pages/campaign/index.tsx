import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { findTownship, toCountyIso } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { TownshipPicker } from '../../../../components/TownshipPicker';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { useTownshipChoice } from '../../../../hooks/useTownshipChoice';
import { ApiError } from '../../../../services/http';
import { getCampaign, getPeopleBoard, getTownshipBoard, QUIZ_PAGES, startAttempt } from '../../../../services/quiz';
import '../../quiz.css';

const when = (iso: string) => toCountyIso(new Date(iso)).slice(0, 16).replace('T', ' ');

/** A campaign: its rules, the person's standing, start or continue, the two leaderboards. */
export default function CampaignPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const { user } = useSession();
  const campaign = useRequest(() => getCampaign(id), [id]);
  const [board, setBoard] = useState<'townships' | 'people'>('townships');
  const townships = useRequest(() => getTownshipBoard(id), [id]);
  const people = useRequest(() => getPeopleBoard(id), [id], { enabled: board === 'people' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const township = useTownshipChoice(user?.townshipCode ?? null);
  useDidShow(() => {
    void campaign.reload();
    void townships.reload();
  });

  const c = campaign.data;
  const mine = c?.mine;

  async function start() {
    if (!user?.townshipCode) {
      township.open();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const attempt = await startAttempt(id);
      void Taro.navigateTo({ url: QUIZ_PAGES.attempt(id, attempt.n) });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '没能开始，请重试');
    } finally {
      setBusy(false);
    }
  }

  const myTownship = user?.townshipCode ?? null;
  // Big boards are rebuilt every few seconds rather than after each submission: say when this one was counted.
  const boardUpdatedAt = (board === 'townships' ? townships.data : people.data)?.updatedAt;
  return (
    <PageContainer loading={campaign.loading && !c} error={campaign.error} onRetry={() => void campaign.reload()} className='quiz'>
      {c && mine && (
        <View>
          <View className='quiz-head'>
            <View className='quiz-head__title'>{c.title}</View>
            <View className='quiz-head__sub'>
              {when(c.opensAt)} 至 {when(c.closesAt)}
            </View>
          </View>
          {c.description && <View className='quiz-note'>{c.description}</View>}
          <View className='quiz-card'>
            <View className='quiz-card__text'>
              共 {c.questionCount} 道题 · 限时 {Math.round(c.timeLimitSeconds / 60)} 分钟 · 每人可答 {c.attemptsAllowed} 次 · {c.passMark} 分及格
            </View>
            <View className='quiz-card__text'>范围：{c.books.length ? c.books.map((b) => `${b}编`).join('、') : '民法典全部七编'}</View>
            <View className='quiz-card__text'>
              我的成绩：{mine.bestScore === null ? '还没有' : `${mine.bestScore} 分${mine.passed ? '（合格）' : ''}`} · 已答 {mine.attemptsUsed} 次，还可答 {mine.attemptsLeft} 次
            </View>
          </View>
          {error && <View className='quiz-error'>{error}</View>}
          <View className='quiz-actions'>
            {c.phase === 'open' && mine.openAttempt !== null && (
              <ActionButton block onClick={() => void Taro.navigateTo({ url: QUIZ_PAGES.attempt(id, mine.openAttempt!) })}>
                继续答题
              </ActionButton>
            )}
            {c.phase === 'open' && mine.openAttempt === null && mine.attemptsLeft > 0 && (
              <ActionButton block busy={busy} onClick={() => void start()}>
                {myTownship ? (mine.attemptsUsed ? '再答一次' : '开始答题') : '先选乡镇，再开始答题'}
              </ActionButton>
            )}
            {c.phase === 'upcoming' && <View className='quiz-note'>竞赛还没有开始</View>}
            {c.phase === 'closed' && <View className='quiz-note'>竞赛已经结束</View>}
            {mine.certificateCode && (
              <ActionButton block variant='secondary' onClick={() => void Taro.navigateTo({ url: QUIZ_PAGES.certificate(mine.certificateCode!) })}>
                查看我的证书
              </ActionButton>
            )}
            {user?.roles.includes('county_admin') && (
              <ActionButton block variant='secondary' onClick={() => void Taro.navigateTo({ url: QUIZ_PAGES.editCampaign(id) })}>
                修改竞赛设置
              </ActionButton>
            )}
          </View>

          <View className='quiz-section'>排行榜</View>
          <View className='quiz-tabs' ariaRole='tablist'>
            <View className={`quiz-tab ${board === 'townships' ? 'quiz-tab--on' : ''}`} ariaRole='tab' onClick={() => setBoard('townships')}>
              乡镇排名
            </View>
            <View className={`quiz-tab ${board === 'people' ? 'quiz-tab--on' : ''}`} ariaRole='tab' onClick={() => setBoard('people')}>
              个人排名
            </View>
          </View>
          {board === 'townships' && (
            <View className='quiz-board'>
              {townships.data?.items.map((t) => (
                <View key={t.townshipCode} className={`quiz-board__row ${t.townshipCode === myTownship ? 'quiz-board__row--mine' : ''}`}>
                  <View className='quiz-board__rank'>{t.participants ? t.rank : '–'}</View>
                  <View className='quiz-board__name'>
                    {t.townshipName}
                    <View className='quiz-board__sub'>{t.participants ? `${t.participants} 人参加 · 合格率 ${t.passRate}%` : '还没有人交卷'}</View>
                  </View>
                  {t.participants > 0 && (
                    <View className='quiz-board__score'>
                      {t.averageScore}
                      <View className='quiz-board__sub'>平均分</View>
                    </View>
                  )}
                </View>
              ))}
            </View>
          )}
          {board === 'people' && (
            <View className='quiz-board'>
              {people.data?.items.length === 0 && <View className='quiz-note'>还没有人交卷</View>}
              {people.data?.items.map((p, i) => (
                <View key={i} className='quiz-board__row'>
                  <View className='quiz-board__rank'>{p.rank}</View>
                  <View className='quiz-board__name'>
                    {p.name}
                    <View className='quiz-board__sub'>{p.townshipName ?? ''}</View>
                  </View>
                  <View className='quiz-board__score'>{p.score} 分</View>
                </View>
              ))}
            </View>
          )}
          {boardUpdatedAt && <View className='quiz-note'>排名统计于 {when(boardUpdatedAt).slice(11)}，交卷的人多时会晚几秒</View>}
          {myTownship && <View className='quiz-note'>您所在的乡镇：{findTownship(myTownship)?.name}</View>}
        </View>
      )}
      <TownshipPicker {...township.pickerProps} />
    </PageContainer>
  );
}
