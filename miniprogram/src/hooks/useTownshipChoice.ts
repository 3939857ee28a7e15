import Taro from '@tarojs/taro';
import { useState } from 'react';
import { townshipName, type TownshipCode } from '@qf/shared';
import { ApiError } from '../services/http';
import { updateMe } from '../services/me';
import { updateSessionUser } from '../services/session';

/**
 * Open/close state for the township picker, and saving the choice to the user (PATCH /me), so it
 * follows the user to any device and survives reloads. Spread `pickerProps` onto <TownshipPicker>.
 */
export function useTownshipChoice(current: string | null) {
  const [visible, setVisible] = useState(false);
  const [saving, setSaving] = useState(false);

  async function choose(code: TownshipCode) {
    if (code === current) {
      setVisible(false);
      return;
    }
    setSaving(true);
    try {
      updateSessionUser(await updateMe({ townshipCode: code }));
      setVisible(false);
      void Taro.showToast({ title: `已选${townshipName(code)}`, icon: 'none' });
    } catch (err) {
      const message = err instanceof ApiError ? err.message : '保存没有成功，请重试';
      void Taro.showModal({ title: '保存没有成功', content: message, showCancel: false, confirmText: '知道了' });
    } finally {
      setSaving(false);
    }
  }

  return {
    open: () => setVisible(true),
    pickerProps: { visible, saving, value: current, onSelect: choose, onClose: () => setVisible(false) },
  };
}
