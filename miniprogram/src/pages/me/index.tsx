import { View } from '@tarojs/components';
import { ROLE_LABELS, townshipName } from '@qf/shared';
import { ActionButton } from '../../components/ActionButton';
import { PageContainer } from '../../components/PageContainer';
import { TownshipPicker } from '../../components/TownshipPicker';
import { useSession } from '../../hooks/useSession';
import { useTownshipChoice } from '../../hooks/useTownshipChoice';
import { isDevLoginPlatform } from '../../services/session';
import { DevLoginSwitcher } from './DevLoginSwitcher';
import './index.css';

export default function MePage() {
  const { user } = useSession();
  const township = useTownshipChoice(user?.townshipCode ?? null);

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

          {user.staffTownshipCode && (
            <View className='me__card'>
              <View className='me__card-title'>工作乡镇</View>
              <View className='me__township'>{townshipName(user.staffTownshipCode)}司法所</View>
            </View>
          )}

          {isDevLoginPlatform && <DevLoginSwitcher />}
        </>
      )}
      <TownshipPicker {...township.pickerProps} />
    </PageContainer>
  );
}
