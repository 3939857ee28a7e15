import Taro from '@tarojs/taro';
import { Map, View } from '@tarojs/components';
import type { GeoPoint } from '@qf/shared';

/**
 * Where the market is. In WeChat: the native map with a marker (tap to open navigation). On H5 no
 * map SDK can load, so the address is shown as text (coordinates mean nothing to a resident).
 */
export function PlaceMap({ name, address, location }: { name: string; address: string; location: GeoPoint }) {
  if (process.env.TARO_ENV === 'weapp') {
    return (
      <Map
        className='fx-map'
        latitude={location.latitude}
        longitude={location.longitude}
        scale={16}
        markers={[{ id: 1, latitude: location.latitude, longitude: location.longitude, title: name, width: 32, height: 40, iconPath: '' }]}
        onError={() => undefined}
        onTap={() => void Taro.openLocation({ latitude: location.latitude, longitude: location.longitude, name, address, scale: 16 })}
      />
    );
  }
  return (
    <View className='fx-card' ariaLabel='位置'>
      <View className='fx-line'>地点：{address}</View>
      <View className='fx-muted'>在微信小程序里打开可以看地图、导航。</View>
    </View>
  );
}
