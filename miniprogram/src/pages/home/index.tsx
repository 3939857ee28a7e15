import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { townshipName } from '@qf/shared';
import { ActionButton } from '../../components/ActionButton';
import { ContentFeed } from '../../components/ContentFeed';
import { PageContainer } from '../../components/PageContainer';
import { TownshipPicker } from '../../components/TownshipPicker';
import { useSession } from '../../hooks/useSession';
import { useTownshipChoice } from '../../hooks/useTownshipChoice';
import { setDisplayMode, useDisplayMode } from '../../services/display-mode';
import { signIn } from '../../services/session';
import { EntryTile } from './EntryTile';
import { ELDER_ENTRY_KEYS, HOME_ENTRIES } from './entries';
import './index.css';

/** 公共法律服务热线: the national public legal service line, answered locally. */
const LEGAL_HOTLINE = '12348';

/**
 * 首页. Its header, entries and hotline need no account, so they are drawn at once while sign-in
 * runs (on a first visit that is a round trip to the server); the township and the feed follow it.
 */
export default function HomePage() {
  const session = useSession();
  const { user } = session;
  const townshipCode = user?.townshipCode ?? null;
  const township = useTownshipChoice(townshipCode);
  const mode = useDisplayMode();
  // 长辈版: four big entries only (讲座, 答题, 听法条, 问一问); the rest stays a tab or 我的 away.
  const entries = mode === 'elder' ? HOME_ENTRIES.filter((e) => ELDER_ENTRY_KEYS.includes(e.key)) : HOME_ENTRIES;

  return (
    <PageContainer className='home' requireLogin={false}>
      <View className='home__header'>
        <View className='home__brand'>清丰普法</View>
        <View className='home__slogan'>遇事找法 · 解决问题用法</View>
        <View className='home__place' hoverClass='home__place--pressed' ariaRole='button' onClick={user ? township.open : undefined}>
          {!user ? (
            <View className='home__place-name'>{session.status === 'failed' || session.status === 'closed' ? '还没有登录' : '正在登录…'}</View>
          ) : townshipCode ? (
            <>
              <View className='home__place-label'>我在</View>
              <View className='home__place-name'>{townshipName(townshipCode)}</View>
              <View className='home__place-action'>更换</View>
            </>
          ) : (
            <>
              <View className='home__place-name'>请选择您所在的乡镇</View>
              <View className='home__place-action'>选择</View>
            </>
          )}
        </View>
      </View>

      {session.status === 'closed' && (
        <View className='home__signin' ariaRole='alert'>
          <View>您的账号已注销，个人信息已删除。</View>
          <ActionButton onClick={() => void signIn().catch(() => undefined)}>以新用户身份重新开始</ActionButton>
        </View>
      )}
      {session.status === 'failed' && (
        <View className='home__signin' ariaRole='alert'>
          <View>{session.error?.message ?? '登录没有成功，请检查网络'}</View>
          <ActionButton onClick={() => void signIn().catch(() => undefined)}>重新登录</ActionButton>
        </View>
      )}

      <View className='home__intro'>
        清丰县 17 个乡镇的法治讲座、民法典答题、法律赶大集和法治文化公园都在这里。看不清、不会用，可以请身边的法律明白人帮忙。
      </View>

      {mode === null && (
        <View className='home__mode' ariaRole='region' ariaLabel='选择版本'>
          <View className='home__mode-title'>您想用哪个版本？</View>
          <View className='home__mode-note'>长辈版字更大、按钮更大，以后可以在“我的”里换。</View>
          <View className='home__mode-buttons'>
            <ActionButton variant='secondary' onClick={() => setDisplayMode('standard')}>
              标准版
            </ActionButton>
            <ActionButton onClick={() => setDisplayMode('elder')}>长辈版（字大）</ActionButton>
          </View>
        </View>
      )}

      <View className='home__entries'>
        {entries.map((entry, index) => (
          <EntryTile key={entry.key} entry={entry} wide={mode === 'elder' || (index === entries.length - 1 && entries.length % 2 === 1)} />
        ))}
      </View>

      <View
        className='home__hotline'
        hoverClass='home__hotline--pressed'
        ariaRole='button'
        onClick={() => void Taro.makePhoneCall({ phoneNumber: LEGAL_HOTLINE }).catch(() => undefined)}
      >
        <View>遇到法律问题，拨打公共法律服务热线</View>
        <View className='home__hotline-number'>{LEGAL_HOTLINE}</View>
      </View>

      {user && <ContentFeed />}

      <TownshipPicker {...township.pickerProps} />
    </PageContainer>
  );
}
