import Taro from '@tarojs/taro';
import type { GeoPoint } from '@qf/shared';
import { wgs84ToGcj02 } from './gcj02';

/**
 * Where the user is now, in GCJ-02. Asked only when they tap 打卡 or 「用我的位置」; WeChat shows its privacy consent
 * before the first call (requiredPrivateInfos: getLocation in app.config).
 */
export async function currentGcj02Location(): Promise<GeoPoint> {
  if (process.env.TARO_ENV === 'weapp') {
    const { latitude, longitude } = await Taro.getLocation({ type: 'gcj02' });
    return { latitude, longitude };
  }
  const { latitude, longitude } = await Taro.getLocation({ type: 'wgs84', isHighAccuracy: true });
  return wgs84ToGcj02({ latitude, longitude });
}
