import Taro, { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { CIVIL_CODE_BOOKS, type Campaign } from '@qf/shared';
import { PageContainer } from '../../components/PageContainer';
import { useRequest } from '../../hooks/useRequest';
import { useSession } from '../../hooks/useSession';
import { getDailyQuiz, getMyCertificates, getQuizStats, listCampaigns, QUIZ_PAGES } from '../../services/quiz';
import './index.css';

const go = (url: string) => void Taro.navigateTo({ url });

/** 答题 tab: today's quiz, practice by book, the wrong-answer book, campaigns and certificates. */
export default function QuizPage() {
  const { user } = useSession();
  const enabled = !!user;
  const stats = useRequest(getQuizStats, [user?.id], { enabled });
  const daily = useRequest(getDailyQuiz, [user?.id], { enabled });
  const campaigns = useRequest(() => listCampaigns(), [user?.id], { enabled });
  const certificates = useRequest(getMyCertificates, [user?.id], { enabled });
  useDidShow(() => {
    if (!enabled) return;
    void stats.reload();
    void daily.reload();
    void campaigns.reload();
    void certificates.reload();
  });

  const isAdmin = !!user?.roles.includes('county_admin');
  const staffTownship = user?.roles.includes('township_staff') ? user.staffTownshipCode : null;
  const live = (campaigns.data?.items ?? []).filter((c) => c.phase !== 'closed');
  const past = (campaigns.data?.items ?? []).filter((c) => c.phase === 'closed').slice(0, 3);

  return (
    <PageContainer loading={stats.loading && !stats.data} error={stats.error} onRetry={() => void stats.reload()} className='qz'>
      <View className='qz-head'>
        <View className='qz-head__title'>民法典答题</View>
        <View className='qz-head__sub'>每天 5 道题，学一点民法典</View>
        <View className='qz-stats'>
          <View className='qz-stat'>
            <View className='qz-stat__value'>{stats.data?.streak ?? 0}</View>
            <View className='qz-stat__label'>连续答题（天）</View>
          </View>
          <View className='qz-stat'>
            <View className='qz-stat__value'>{stats.data?.bestStreak ?? 0}</View>
            <View className='qz-stat__label'>最长连续（天）</View>
          </View>
          <View className='qz-stat'>
            <View className='qz-stat__value'>{stats.data?.wrongBookCount ?? 0}</View>
            <View className='qz-stat__label'>错题本（道）</View>
          </View>
        </View>
      </View>

      <View className='qz-card qz-card--main' hoverClass='qz-card--pressed' ariaRole='button' onClick={() => go(QUIZ_PAGES.daily)}>
        <View className='qz-card__row'>
          <View>
            <View className='qz-card__title'>每日答题</View>
            <View className='qz-card__text'>{daily.data?.submitted ? `今天已完成，得 ${daily.data.result?.score ?? 0} 分` : '今天的 5 道题等您来答'}</View>
          </View>
          <View className={`qz-badge ${daily.data?.submitted ? 'qz-badge--done' : ''}`}>{daily.data?.submitted ? '看解析' : '去答题'}</View>
        </View>
      </View>

      <View className='qz-section'>专项练习 · 选一编，每次 10 道</View>
      <View className='qz-books'>
        {CIVIL_CODE_BOOKS.map((book) => (
          <View key={book} className='qz-book' hoverClass='qz-book--pressed' ariaRole='button' onClick={() => go(QUIZ_PAGES.practice(book))}>
            {book}编
          </View>
        ))}
      </View>

      <View className='qz-card' hoverClass='qz-card--pressed' ariaRole='button' onClick={() => go(QUIZ_PAGES.wrongBook)}>
        <View className='qz-card__row'>
          <View>
            <View className='qz-card__title'>错题本</View>
            <View className='qz-card__text'>答错的题都在这里，连续答对两次就移出</View>
          </View>
          <View className='qz-badge'>{stats.data?.wrongBookCount ?? 0} 道</View>
        </View>
      </View>

      <View className='qz-section'>知识竞赛</View>
      {live.length === 0 && <View className='qz-note'>目前没有进行中的竞赛</View>}
      {[...live, ...past].map((c) => (
        <CampaignCard key={c.id} campaign={c} />
      ))}

      {(certificates.data?.items.length ?? 0) > 0 && <View className='qz-section'>我的证书</View>}
      {certificates.data?.items.map((cert) => (
        <View key={cert.code} className='qz-card' hoverClass='qz-card--pressed' ariaRole='button' onClick={() => go(QUIZ_PAGES.certificate(cert.code))}>
          <View className='qz-card__row'>
            <View>
              <View className='qz-card__title'>{cert.campaignTitle}</View>
              <View className='qz-card__text'>成绩 {cert.score} 分 · 编号 {cert.code}</View>
            </View>
            <View className='qz-badge qz-badge--done'>看证书</View>
          </View>
        </View>
      ))}

      <View className='qz-section'>更多</View>
      <View className='qz-card' hoverClass='qz-card--pressed' ariaRole='button' onClick={() => go(QUIZ_PAGES.verify)}>
        <View className='qz-card__title'>证书查验</View>
        <View className='qz-card__text'>输入证书编号，查看证书是否真实</View>
      </View>
      <View className='qz-card' hoverClass='qz-card--pressed' ariaRole='button' onClick={() => go(QUIZ_PAGES.myReports)}>
        <View className='qz-card__title'>我的报错</View>
        <View className='qz-card__text'>您觉得有问题的题目，和工作人员的回复</View>
      </View>
      {(isAdmin || staffTownship) && (
        <View className='qz-card' hoverClass='qz-card--pressed' ariaRole='button' onClick={() => go(QUIZ_PAGES.weakSpots(staffTownship ?? user?.townshipCode ?? ''))}>
          <View className='qz-card__title'>精准普法 · 薄弱法条</View>
          <View className='qz-card__text'>本乡镇近 90 天答错最多的法条，可作讲座选题</View>
        </View>
      )}
      {isAdmin && (
        <View className='qz-card' hoverClass='qz-card--pressed' ariaRole='button' onClick={() => go(QUIZ_PAGES.newCampaign)}>
          <View className='qz-card__title'>创建竞赛</View>
          <View className='qz-card__text'>县司法局：设定时间、题量、范围和及格分</View>
        </View>
      )}
    </PageContainer>
  );
}

function CampaignCard({ campaign }: { campaign: Campaign }) {
  const closes = new Date(campaign.closesAt);
  const opens = new Date(campaign.opensAt);
  const label = campaign.phase === 'open' ? '进行中' : campaign.phase === 'upcoming' ? '未开始' : '已结束';
  const when =
    campaign.phase === 'upcoming'
      ? `${opens.getMonth() + 1}月${opens.getDate()}日开始`
      : campaign.phase === 'open'
        ? `${closes.getMonth() + 1}月${closes.getDate()}日截止`
        : '可查看排行榜';
  return (
    <View className='qz-card' hoverClass='qz-card--pressed' ariaRole='button' onClick={() => go(QUIZ_PAGES.campaign(campaign.id))}>
      <View className='qz-card__row'>
        <View>
          <View className='qz-card__title'>{campaign.title}</View>
          <View className='qz-card__text'>
            {campaign.questionCount} 道题 · {Math.round(campaign.timeLimitSeconds / 60)} 分钟 · {when}
          </View>
        </View>
        <View className={`qz-badge ${campaign.phase === 'open' ? '' : 'qz-badge--muted'}`}>{label}</View>
      </View>
    </View>
  );
}
