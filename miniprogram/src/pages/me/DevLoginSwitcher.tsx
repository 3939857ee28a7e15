import Taro from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { useState } from 'react';
import { ActionButton } from '../../components/ActionButton';
import { ApiError } from '../../services/http';
import { devLoginName, switchDevIdentity } from '../../services/session';

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * H5 only (staff testing): sign in under another development name. The same name always gives the
 * same user, so a name set up with roles by an administrator can be reused.
 */
export function DevLoginSwitcher() {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');

  async function submit() {
    const trimmed = name.trim();
    if (!NAME_PATTERN.test(trimmed)) {
      setProblem('名字只能用英文字母、数字、下划线或连字符，最多 40 个');
      return;
    }
    setBusy(true);
    setProblem('');
    try {
      await switchDevIdentity(trimmed);
      setName('');
      void Taro.showToast({ title: '已切换', icon: 'none' });
    } catch (err) {
      setProblem(err instanceof ApiError ? err.message : '切换没有成功，请重试');
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className='me__card'>
      <View className='me__card-title'>测试登录（仅网页版）</View>
      <View className='me__hint'>
        当前测试名：<View className='me__mono'>{devLoginName()}</View>
      </View>
      <View className='me__hint'>换一个名字登录，可以查看其他角色或乡镇看到的内容。</View>
      <Input
        className='me__input'
        value={name}
        placeholder='输入测试名，如 staff-01'
        maxlength={40}
        onInput={(e) => setName(e.detail.value)}
        onConfirm={() => void submit()}
      />
      {problem && <View className='me__problem'>{problem}</View>}
      <ActionButton variant='secondary' block busy={busy} onClick={() => void submit()}>
        用这个名字登录
      </ActionButton>
    </View>
  );
}
