import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { HomeEntry } from './entries';

export function EntryTile({ entry, wide }: { entry: HomeEntry; wide?: boolean }) {
  function open() {
    if (entry.isTab) void Taro.switchTab({ url: entry.url });
    else void Taro.navigateTo({ url: entry.url });
  }
  return (
    <View className={`entry ${wide ? 'entry--wide' : ''}`} hoverClass='entry--pressed' ariaRole='link' onClick={open}>
      <View className='entry__seal'>{entry.seal}</View>
      <View className='entry__body'>
        <View className='entry__title'>{entry.title}</View>
        <View className='entry__subtitle'>{entry.subtitle}</View>
      </View>
    </View>
  );
}
