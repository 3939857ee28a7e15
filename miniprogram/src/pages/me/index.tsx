import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { DISPLAY_MODES, ROLE_LABELS, townshipName, type Role } from '@qf/shared';
import { useRequest } from '../../hooks/useRequest';
import { getMyCertificates, getQuizStats, QUIZ_PAGES } from '../../services/quiz';
import { ActionButton } from '../../components/ActionButton';
import { PageContainer } from '../../components/PageContainer';
import { TownshipPicker } from '../../components/TownshipPicker';
import { useSession } from '../../hooks/useSession';
import { useTownshipChoice } from '../../hooks/useTownshipChoice';
import { setDisplayMode, useDisplayMode } from '../../services/display-mode';
import { isDevLoginPlatform } from '../../services/session';
import { Chips } from '../../components/Form';
import { DevLoginSwitcher } from './DevLoginSwitcher';
import './index.css';

/** Staff tools, shown to those whose roles open them. */
const STAFF_LINKS: { title: string; url: string; roles: Role[] }[] = [
  { title: '讲座工作台：计划、签到、进度', url: '/packages/workbench/pages/index/index', roles: ['township_staff', 'county_admin'] },
  { title: '法律赶大集：集市与记录', url: '/packages/fairs/pages/index/index', roles: ['township_staff', 'county_admin'] },
  { title: '宣传内容：撰写与审核', url: '/packages/content/pages/manage/index', roles: ['propaganda', 'county_admin'] },
  { title: '民法典题库', url: '/packages/quiz-bank/pages/list/index', roles: ['propaganda', 'county_admin'] },
  { title: '问一问：待回复的问题、常见问答', url: '/packages/consult/pages/queue/index', roles: ['literate', 'popularizer', 'adviser', 'township_staff', 'county_admin'] },
  { title: '咨询情况：各层级回复、超时', url: '/packages/consult/pages/dashboard/index', roles: ['township_staff', 'county_admin'] },
  { title: '我的台账：记一笔、积分', url: '/packages/ledger/pages/mine/index', roles: ['literate'] },
  { title: '法律明白人台账：审核、积分、导出', url: '/packages/ledger/pages/township/index', roles: ['township_staff', 'county_admin'] },
  { title: '精准普法热点：群众最关心什么', url: '/packages/hot-topics/pages/index/index', roles: ['township_staff', 'county_admin'] },
  { title: '普法名册：各村法律明白人、普法员、法律顾问', url: '/packages/roster/pages/index/index', roles: ['township_staff', 'county_admin'] },
  { title: '人员与角色', url: '/packages/people/pages/index/index', roles: ['township_staff', 'county_admin'] },
];

const RECORD_PAGE = '/packages/lectures/pages/record/index';
const PRIVACY_PAGE = '/packages/privacy/pages/index/index';

export default function MePage() {
  const { user } = useSession();
  const township = useTownshipChoice(user?.townshipCode ?? null);
  const staffLinks = user ? STAFF_LINKS.filter((link) => link.roles.some((r) => user.roles.includes(r))) : [];
  const stats = useRequest(() => getQuizStats(), [user?.id], { enabled: !!user });
  const certificates = useRequest(() => getMyCertificates(), [user?.id], { enabled: !!user });
  const go = (url: string) => void Taro.navigateTo({ url });
  const mode = useDisplayMode();

  return (
    <PageContainer className='me'>
      {user && (
        <>
          <View className='me__profile'>
            <View className='me__avatar'>{user.displayName.slice(0, 1)}</View>
            <View className='me__who'>
              <View className='me__name'>{user.displayName}</View>
              <View className='me__roles'>
                {user.roles.map((role) => (
                  <View key={role} className='me__role'>
                    {ROLE_LABELS[role]}
                  </View>
                ))}
              </View>
            </View>
          </View>

          <View className='me__card'>
            <View className='me__card-title'>所在乡镇</View>
            <View className='me__row'>
              <View className={`me__township ${user.townshipCode ? '' : 'me__township--unset'}`}>
                {user.townshipCode ? townshipName(user.townshipCode) : '还没有选择'}
              </View>
              <ActionButton size='medium' variant={user.townshipCode ? 'secondary' : 'primary'} onClick={township.open}>
                {user.townshipCode ? '更换' : '选择乡镇'}
              </ActionButton>
            </View>
            <View className='me__hint'>选好后，首页会优先显示本乡镇的讲座和活动。</View>
          </View>

          <View className='me__card'>
            <View className='me__card-title'>字的大小</View>
            <Chips options={DISPLAY_MODES} selected={[mode ?? 'standard']} onToggle={setDisplayMode} label={(m) => (m === 'elder' ? '长辈版（字大、按钮大）' : '标准版')} />
            <View className='me__hint'>长辈版把字和按钮都放大，首页只留最常用的几项。</View>
          </View>

          {user.staffTownshipCode && (
            <View className='me__card'>
              <View className='me__card-title'>工作乡镇</View>
              <View className='me__township'>{townshipName(user.staffTownshipCode)}司法所</View>
            </View>
          )}

          <View className='me__card'>
            <View className='me__card-title'>我的学习</View>
            <MeLink title='学习记录：讲座和答题' onClick={() => go(RECORD_PAGE)} />
            <MeLink
              title='错题本'
              note={stats.data ? (stats.data.wrongBookCount ? `${stats.data.wrongBookCount} 道题待复习` : '没有错题') : undefined}
              onClick={() => go(QUIZ_PAGES.wrongBook)}
            />
            {(certificates.data?.items ?? []).map((c) => (
              <MeLink key={c.code} title={`证书：${c.campaignTitle}`} note={`${c.score} 分`} onClick={() => go(QUIZ_PAGES.certificate(c.code))} />
            ))}
            {certificates.data && certificates.data.items.length === 0 && (
              <MeLink title='我的证书' note='还没有：参加答题活动，成绩合格就发证书' onClick={() => void Taro.switchTab({ url: '/pages/quiz/index' })} />
            )}
          </View>

          {staffLinks.length > 0 && (
            <View className='me__card'>
              <View className='me__card-title'>工作台</View>
              {staffLinks.map((link) => (
                <MeLink key={link.url} title={link.title} onClick={() => go(link.url)} />
              ))}
            </View>
          )}

          <View className='me__card'>
            <View className='me__card-title'>我的数据与账号</View>
            <MeLink title='导出我的数据、注销账号' onClick={() => go(PRIVACY_PAGE)} />
          </View>

          {isDevLoginPlatform && <DevLoginSwitcher />}
        </>
      )}
      <TownshipPicker {...township.pickerProps} />
    </PageContainer>
  );
}

function MeLink({ title, note, onClick }: { title: string; note?: string | undefined; onClick: () => void }) {
  return (
    <View className='me__link' hoverClass='me__link--pressed' ariaRole='link' onClick={onClick}>
      <View className='me__link-text'>
        <View className='me__link-title'>{title}</View>
        {note && <View className='me__link-note'>{note}</View>}
      </View>
      <View className='me__link-arrow'>›</View>
    </View>
  );
}
