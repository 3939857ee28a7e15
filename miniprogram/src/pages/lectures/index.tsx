import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { isStaff, townshipName, type TownshipCode } from '@qf/shared';
import { ActionButton } from '../../components/ActionButton';
import { PageContainer } from '../../components/PageContainer';
import { useRequest } from '../../hooks/useRequest';
import { useSession } from '../../hooks/useSession';
import { listLectures } from '../../services/lectures';
import { LectureCard } from './LectureCard';
import './lectures.css';

/** 法治讲座: upcoming lectures of the user's township or the whole county, this week first. */
export default function LecturesPage() {
  const { user } = useSession();
  const home = (user?.townshipCode ?? user?.staffTownshipCode ?? null) as TownshipCode | null;
  const [scope, setScope] = useState<'township' | 'county'>('township');
  const townshipCode = scope === 'township' && home ? home : undefined;
  const lectures = useRequest(() => listLectures({ townshipCode, limit: 50 }), [townshipCode], { enabled: !!user });
  useDidShow(() => {
    if (lectures.data) void lectures.reload();
  });
  usePullDownRefresh(() => void lectures.reload().finally(() => Taro.stopPullDownRefresh()));
  const go = (url: string) => void Taro.navigateTo({ url });

  return (
    <PageContainer loading={lectures.loading && !lectures.data} error={lectures.error} onRetry={() => void lectures.reload()}>
      <View className='lx-head'>
        <View className='lx-head__title'>法治讲座</View>
        <View className='lx-head__sub'>律师、法律顾问到乡镇讲法律，免费参加。报名后到场扫码签到。</View>
        <View className='lx-switch'>
          <View className={`lx-switch__item ${scope === 'township' ? 'lx-switch__item--on' : ''}`} ariaRole='button' onClick={() => setScope('township')}>
            {home ? townshipName(home) : '本乡镇'}
          </View>
          <View className={`lx-switch__item ${scope === 'county' ? 'lx-switch__item--on' : ''}`} ariaRole='button' onClick={() => setScope('county')}>
            全县
          </View>
        </View>
      </View>

      <View className='lx-section lx-actions'>
        <ActionButton variant='secondary' size='medium' onClick={() => go('/packages/lectures/pages/record/index')}>
          我的讲座记录
        </ActionButton>
        <ActionButton variant='secondary' size='medium' onClick={() => go('/packages/lectures/pages/checkin/index')}>
          扫码签到
        </ActionButton>
        {user && isStaff(user) && (user.staffTownshipCode || user.roles.includes('county_admin')) && (
          <ActionButton size='medium' onClick={() => go('/packages/workbench/pages/index/index')}>
            讲座工作台
          </ActionButton>
        )}
      </View>

      {scope === 'township' && !home && <View className='lx-notice'>还没有选择所在乡镇，先看全县的讲座；到“我的”里选好乡镇后可以只看本乡镇。</View>}

      <View className='lx-section'>
        <View className='lx-section__title'>近期讲座</View>
        {lectures.data && lectures.data.items.length === 0 && <View className='lx-empty'>近期还没有安排讲座。可以看看全县的讲座。</View>}
        {lectures.data?.items.map((lecture) => (
          <LectureCard key={lecture.id} lecture={lecture} onClick={() => go(`/packages/lectures/pages/detail/index?id=${lecture.id}`)} />
        ))}
      </View>
    </PageContainer>
  );
}
