import Taro from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { useState } from 'react';
import { ActionButton } from '../../../../components/ActionButton';
import { FieldError, useSubmit } from '../../../../components/Form';
import { useRequest } from '../../../../hooks/useRequest';
import { addVillage, listVillages, removeVillage } from '../../../../services/consult';

/** 司法所 staff keep their township's villages (residents pick theirs when asking). */
export function Villages({ townshipCode }: { townshipCode: string }) {
  const list = useRequest(() => listVillages(townshipCode), [townshipCode]);
  const [name, setName] = useState('');
  const { saving, errors, submit } = useSubmit('没有添加成功');
  async function remove(id: string, villageName: string) {
    const ok = await Taro.showModal({ title: '删除村名', content: `确定删除「${villageName}」吗？已提的问题不受影响。`, confirmText: '删除', cancelText: '不删' });
    if (!ok.confirm) return;
    await submit(async () => {
      await removeVillage(id);
      await list.reload();
    });
  }
  return (
    <View className='cs__card'>
      <View className='cs__section' style={{ marginTop: 0 }}>
        本乡镇的村（{list.data?.items.length ?? 0} 个）
      </View>
      <View className='cs__choices'>
        {(list.data?.items ?? []).map((v) => (
          <View key={v.id} className='cs__choice' onClick={() => void remove(v.id, v.name)}>
            {v.name}
            {v.sample ? '（示例）' : ''} ✕
          </View>
        ))}
      </View>
      <View className='cs__row' style={{ marginTop: '20px' }}>
        <Input className='qf-input' value={name} placeholder='新村名，如：东街村' onInput={(e) => setName(e.detail.value)} />
        <ActionButton
          size='medium'
          busy={saving}
          onClick={() =>
            void submit(async () => {
              await addVillage(townshipCode, name);
              setName('');
              await list.reload();
            })
          }
        >
          添加
        </ActionButton>
      </View>
      <FieldError error={errors.name} />
    </View>
  );
}
