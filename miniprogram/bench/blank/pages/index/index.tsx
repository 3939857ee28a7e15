import { View } from '@tarojs/components';

export default function Blank() {
  return <View className='blank'>空白页</View>;
}
