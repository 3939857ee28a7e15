import { View } from '@tarojs/components';
import { isStaff } from '@qf/shared';
import { useSession } from '../../hooks/useSession';

/** Marks made-up content: everybody sees 示例内容; staff are also told to replace it. */
export function SamplePill({ isSample, what }: { isSample: boolean; what: string }) {
  const { user } = useSession();
  if (!isSample) return null;
  return (
    <View>
      <View className='gd-sample'>示例内容</View>
      {user && isStaff(user) && <View className='gd-sample-note'>这个{what}的文字、位置是示例，不是核实过的介绍。请县司法局或本乡镇司法所换成真实内容。</View>}
    </View>
  );
}
