import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { myLectureRecord } from '../../../../services/lectures';
import { getMyCertificates, getQuizStats, QUIZ_PAGES } from '../../../../services/quiz';
import { currentYear, dayLabel, timeLabel } from '../../../../pages/lectures/format';
import '../../../../pages/lectures/lectures.css';

const METHOD_WORDS: Record<string, string> = { scan: '扫码签到', proxy: '工作人员代签', proxy_name: '工作人员代签' };

/**
 * 我的学习记录: sign-ups to come, lectures attended this year (for 法律明白人, the training record),
 * and the quizzes: daily streak, the 错题本 and certificates earned.
 */
export default function LectureRecordPage() {
  const { user } = useSession();
  const [year, setYear] = useState(currentYear());
  const record = useRequest(() => myLectureRecord(year), [year], { enabled: !!user });
  const stats = useRequest(() => getQuizStats(), [user?.id], { enabled: !!user });
  const certificates = useRequest(() => getMyCertificates(), [user?.id], { enabled: !!user });
  const go = (url: string) => void Taro.navigateTo({ url });
  const literate = user?.roles.includes('literate');
  const r = record.data;
  return (
    <PageContainer loading={record.loading && !r} error={record.error} onRetry={() => void record.reload()}>
      <View className='lx-head'>
        <View className='lx-head__title'>{literate ? '法律明白人培训记录' : '我的学习记录'}</View>
        <View className='lx-head__sub'>
          {year} 年参加了 {r?.attendedCount ?? 0} 场法治讲座
        </View>
        <View className='lx-switch'>
          {[currentYear() - 1, currentYear()].map((y) => (
            <View key={y} className={`lx-switch__item ${y === year ? 'lx-switch__item--on' : ''}`} ariaRole='button' onClick={() => setYear(y)}>
              {y} 年
            </View>
          ))}
        </View>
      </View>
      {r && (
        <>
          <View className='lx-section'>
            <View className='lx-section__title'>已报名</View>
            {r.upcoming.length === 0 && <View className='lx-empty'>没有待参加的讲座。</View>}
            {r.upcoming.map((u) => (
              <View key={u.lectureId} className='lx-card' hoverClass='lx-card--pressed' onClick={() => void Taro.navigateTo({ url: `/packages/lectures/pages/detail/index?id=${u.lectureId}` })}>
                <View className='lx-when'>
                  {dayLabel(u.startAt)} {timeLabel(u.startAt)}
                  {u.status === 'cancelled' ? (
                    <View className='lx-badge lx-badge--muted'>已取消</View>
                  ) : u.registration === 'waitlisted' ? (
                    <View className='lx-badge lx-badge--warn'>候补第 {u.waitlistPosition ?? '-'} 位</View>
                  ) : (
                    <View className='lx-badge lx-badge--ok'>{u.promotedAt ? '候补成功' : '已报名'}</View>
                  )}
                </View>
                <View className='lx-title'>{u.title}</View>
                <View className='lx-line'>{u.townshipName}</View>
                {u.cancelReason && <View className='lx-line'>取消原因：{u.cancelReason}</View>}
              </View>
            ))}
          </View>
          <View className='lx-section'>
            <View className='lx-section__title'>参加过的讲座</View>
            {r.attended.length === 0 && <View className='lx-empty'>这一年还没有签到记录。</View>}
            {r.attended.map((a) => (
              <View key={a.lectureId} className='lx-card lx-attended'>
                <View className='lx-when'>
                  {dayLabel(a.startAt)} {timeLabel(a.startAt)}
                </View>
                <View className='lx-title'>{a.title}</View>
                <View className='lx-line'>
                  {a.townshipName} · 主讲 {a.speakerName}
                </View>
                <View className='lx-muted'>
                  {METHOD_WORDS[a.method]} · {dayLabel(a.checkedInAt)} {timeLabel(a.checkedInAt)}
                </View>
              </View>
            ))}
          </View>
          <View className='lx-section'>
            <View className='lx-section__title'>答题</View>
            <View className='lx-card'>
              {stats.data ? (
                <>
                  <View className='lx-title'>每日一题：连续 {stats.data.streak} 天</View>
                  <View className='lx-line'>
                    最长连续 {stats.data.bestStreak} 天 · 今天{stats.data.dailyDoneToday ? '已经答过了' : '还没答'}
                  </View>
                  {!stats.data.dailyDoneToday && (
                    <ActionButton size='medium' onClick={() => go(QUIZ_PAGES.daily)}>
                      去答今天的题
                    </ActionButton>
                  )}
                </>
              ) : (
                <View className='lx-muted'>{stats.error ? stats.error.message : '正在加载…'}</View>
              )}
            </View>
            <View className='lx-card' hoverClass='lx-card--pressed' ariaRole='link' onClick={() => go(QUIZ_PAGES.wrongBook)}>
              <View className='lx-title'>错题本 ›</View>
              <View className='lx-line'>{stats.data ? (stats.data.wrongBookCount ? `${stats.data.wrongBookCount} 道题待复习，连续答对两次就移出` : '没有错题') : ''}</View>
            </View>
            {(certificates.data?.items ?? []).map((c) => (
              <View key={c.code} className='lx-card' hoverClass='lx-card--pressed' ariaRole='link' onClick={() => go(QUIZ_PAGES.certificate(c.code))}>
                <View className='lx-when'>
                  {dayLabel(c.issuedAt)}
                  <View className='lx-badge lx-badge--ok'>证书</View>
                </View>
                <View className='lx-title'>{c.campaignTitle} ›</View>
                <View className='lx-line'>得分 {c.score} 分</View>
              </View>
            ))}
            {certificates.data && certificates.data.items.length === 0 && <View className='lx-empty'>还没有证书：参加答题活动，成绩合格就发证书。</View>}
          </View>
          <View className='lx-section'>
            <ActionButton block variant='secondary' onClick={() => void Taro.switchTab({ url: '/pages/lectures/index' })}>
              看近期讲座
            </ActionButton>
          </View>
        </>
      )}
    </PageContainer>
  );
}
