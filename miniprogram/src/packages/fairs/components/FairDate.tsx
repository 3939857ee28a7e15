import { View } from '@tarojs/components';

/** 12月3日 · 十月十三, with 今天 when it is today: both calendars, as people at the market count days. */
export function FairDate({ solarLabel, lunarLabel, isToday }: { solarLabel: string; lunarLabel: string; isToday?: boolean }) {
  return (
    <View className='fx-date'>
      <View className='fx-date__solar'>{solarLabel}</View>
      <View className='fx-date__lunar'>农历{lunarLabel}</View>
      {isToday && <View className='fx-date__today'>今天</View>}
    </View>
  );
}
