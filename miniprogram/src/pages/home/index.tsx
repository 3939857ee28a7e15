import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { townshipName } from '@qf/shared';
import { ContentFeed } from '../../components/ContentFeed';
import { PageContainer } from '../../components/PageContainer';
import { TownshipPicker } from '../../components/TownshipPicker';
import { useSession } from '../../hooks/useSession';
import { useTownshipChoice } from '../../hooks/useTownshipChoice';
import { EntryTile } from './EntryTile';
import { HOME_ENTRIES } from './entries';
import './index.css';

/** 公共法律服务热线: the national public legal service line, answered locally. */
const LEGAL_HOTLINE = '12348';

export default function HomePage() {
  const { user } = useSession();
  const townshipCode = user?.townshipCode ?? null;
  const township = useTownshipChoice(townshipCode);

  return (
    <PageContainer className='home'>
      <View className='home__header'>
        <View className='home__brand'>清丰普法</View>
        <View className='home__slogan'>遇事找法 · 解决问题用法</View>
        <View className='home__place' hoverClass='home__place--pressed' ariaRole='button' onClick={township.open}>
          {townshipCode ? (
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

      <View className='home__intro'>
        清丰县 17 个乡镇的法治讲座、民法典答题、法律赶大集和法治文化公园都在这里。看不清、不会用，可以请身边的法律明白人帮忙。
      </View>

      <View className='home__entries'>
        {HOME_ENTRIES.map((entry, index) => (
          <EntryTile key={entry.key} entry={entry} wide={index === HOME_ENTRIES.length - 1 && HOME_ENTRIES.length % 2 === 1} />
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

      <ContentFeed />

      <TownshipPicker {...township.pickerProps} />
    </PageContainer>
  );
}
