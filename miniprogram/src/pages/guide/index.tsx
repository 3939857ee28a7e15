import Taro, { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { isCountyAdmin, type SiteSummary } from '@qf/shared';
import { ActionButton } from '../../components/ActionButton';
import { PageContainer } from '../../components/PageContainer';
import { useRequest } from '../../hooks/useRequest';
import { useSession } from '../../hooks/useSession';
import { listMyBadges, listSites } from '../../services/guide';
import './index.css';

/** 法治文化导览: the county complex first, then village sites; the user's route badges. */
export default function GuidePage() {
  const { user } = useSession();
  const sites = useRequest(() => listSites(), [], { enabled: !!user });
  const badges = useRequest(() => listMyBadges(), [user?.id], { enabled: !!user });
  useDidShow(() => {
    if (badges.data) void badges.reload();
  });
  const open = (s: SiteSummary) => void Taro.navigateTo({ url: `/packages/guide/pages/site/index?id=${s.id}` });
  const county = sites.data?.items.filter((s) => s.kind === 'county') ?? [];
  const villages = sites.data?.items.filter((s) => s.kind === 'village') ?? [];

  return (
    <PageContainer loading={sites.loading && !sites.data} error={sites.error} onRetry={sites.reload} empty={sites.data?.items.length === 0} emptyText='还没有法治文化阵地'>
      <View className='guide__head'>
        <View className='guide__title'>法治文化导览</View>
        <View className='guide__sub'>按路线边走边学，到了每一站点“打卡”，走完全程得徽章。</View>
        {badges.data && badges.data.items.length > 0 && <View className='guide__badges'>🏅 已获得 {badges.data.items.length} 枚路线徽章：{badges.data.items.map((b) => b.siteName).join('、')}</View>}
      </View>
      {county.length > 0 && <SiteGroup title='县法治文化园' items={county} onOpen={open} />}
      {villages.length > 0 && <SiteGroup title='村级法治文化阵地' items={villages} onOpen={open} />}
      {user && (isCountyAdmin(user) || user.staffTownshipCode) && (
        <View className='guide__group'>
          <ActionButton block variant='secondary' onClick={() => void Taro.navigateTo({ url: '/packages/guide/pages/site-form/index' })}>
            新增法治文化阵地
          </ActionButton>
        </View>
      )}
    </PageContainer>
  );
}

function SiteGroup({ title, items, onOpen }: { title: string; items: SiteSummary[]; onOpen: (s: SiteSummary) => void }) {
  return (
    <View className='guide__group'>
      <View className='guide__group-title'>{title}</View>
      {items.map((s) => (
        <View key={s.id} className='guide__site' hoverClass='guide__site--pressed' ariaRole='link' onClick={() => onOpen(s)}>
          <View className='guide__site-name'>{s.name}</View>
          {s.isSample && <View className='guide__sample'>示例内容</View>}
          <View className='guide__site-meta'>
            {s.townshipName ? `${s.townshipName} · ` : ''}
            {s.pointCount} 个点位{s.openingHours ? ` · ${s.openingHours}` : ''}
          </View>
          <View className='guide__site-go'>看路线 ›</View>
        </View>
      ))}
    </View>
  );
}
