import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import type { GeoPoint } from '@qf/shared';
import { ActionButton } from '../ActionButton';
import { TextInput } from '../Form';
import { currentGcj02Location } from './location';
import './index.css';

export interface Place {
  address: string;
  location: GeoPoint | null;
}

/**
 * Where something happens, as a person gives it: an address they type, and a map point they
 * pick (WeChat's map picker) or take from where they stand (「用我的位置」 in a browser). The
 * point itself is never shown: only whether one is set.
 */
export function PlacePicker({
  value,
  onChange,
  placeholder,
  name,
  required = false,
  withAddress = true,
}: {
  value: Place;
  onChange: (next: Place) => void;
  placeholder?: string;
  name?: string;
  /** The point is needed (打卡 by distance): the hint says so. */
  required?: boolean;
  /** False where the form has no address (a stop on a route): only the map point. */
  withAddress?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const weapp = process.env.TARO_ENV === 'weapp';

  async function pickOnMap() {
    setProblem(null);
    try {
      const place = await Taro.chooseLocation({});
      const picked = [place.address, place.name].filter(Boolean).join(' ');
      onChange({ address: value.address.trim() ? value.address : picked, location: { latitude: place.latitude, longitude: place.longitude } });
    } catch {
      // Closed without choosing: nothing changes.
    }
  }

  async function useMyPosition() {
    setProblem(null);
    setBusy(true);
    try {
      onChange({ ...value, location: await currentGcj02Location() });
    } catch {
      setProblem('没能取得您的位置。请允许浏览器使用位置，或只填地址。');
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className='qf-place'>
      {withAddress && <TextInput name={name} value={value.address} placeholder={placeholder ?? '例如：城关镇中心街 1 号'} onChange={(address) => onChange({ ...value, address })} />}
      <View className='qf-place__row'>
        {value.location ? (
          <View className='qf-place__set' data-place='set'>
            ✓ 已标出地图位置
          </View>
        ) : (
          <View className='qf-place__unset' data-place='unset'>
            {required ? '还没有标出地图位置（群众打卡要用）' : '没有标地图位置也可以，群众按地址找'}
          </View>
        )}
      </View>
      <View className='qf-place__row'>
        {weapp ? (
          <ActionButton size='medium' variant='secondary' onClick={() => void pickOnMap()}>
            {value.location ? '在地图上重选' : '在地图上选'}
          </ActionButton>
        ) : (
          <ActionButton size='medium' variant='secondary' busy={busy} onClick={() => void useMyPosition()}>
            用我的位置
          </ActionButton>
        )}
        {value.location && (
          <ActionButton size='medium' variant='plain' onClick={() => onChange({ ...value, location: null })}>
            去掉地图位置
          </ActionButton>
        )}
      </View>
      {!weapp && !value.location && <View className='qf-place__hint'>人在现场时点“用我的位置”，就能标出地图位置。</View>}
      {problem && <View className='qf-place__problem'>{problem}</View>}
    </View>
  );
}
