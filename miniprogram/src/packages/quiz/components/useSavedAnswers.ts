import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { OptionLetter } from '@qf/shared';

type Answers = Record<string, OptionLetter[]>;

/**
 * The choices made so far on an answer sheet, kept in local storage under `key` so that leaving the
 * page by accident (a call, the back button) does not lose them. Pass null until the key is known.
 */
export function useSavedAnswers(key: string | null): [Answers, (questionId: string, letters: OptionLetter[]) => void, () => void] {
  const [answers, setAnswers] = useState<Answers>({});
  useEffect(() => {
    if (!key) return;
    const saved = Taro.getStorageSync<Answers>(key);
    setAnswers(saved && typeof saved === 'object' ? saved : {});
  }, [key]);
  function set(questionId: string, letters: OptionLetter[]) {
    setAnswers((current) => {
      const next = { ...current, [questionId]: letters };
      if (key) Taro.setStorageSync(key, next);
      return next;
    });
  }
  function clear() {
    if (key) Taro.removeStorageSync(key);
  }
  return [answers, set, clear];
}
