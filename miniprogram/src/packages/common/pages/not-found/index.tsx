import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import './index.css';

/** Where an unknown address lands (app.ts sends it here), instead of a blank page. */
export default function NotFoundPage() {
  return (
    <PageContainer requireLogin={false}>
      <View className='nf' ariaRole='alert'>
        <View className='nf__mark'>?</View>
        <View className='nf__title'>找不到这个页面</View>
        <View className='nf__text'>这个地址没有内容，可能是链接抄错了，或者页面已经不在了。</View>
        <ActionButton block onClick={() => void Taro.switchTab({ url: '/pages/home/index' })}>
          回到首页
        </ActionButton>
      </View>
    </PageContainer>
  );
}
