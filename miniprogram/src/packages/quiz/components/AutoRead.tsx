import { View } from '@tarojs/components';
import { useState } from 'react';
import { checked } from '../../../components/a11y';
import { autoRead, speech } from '../../../services/speech';
import { useSpeechAvailable } from '../../../hooks/useSpeechAvailable';

/** 听题 as a setting kept on the phone: [on, switch], and whether anything can read here at all. */
export function useAutoRead() {
  const [on, setOn] = useState(autoRead.get);
  const available = useSpeechAvailable();
  const toggle = () => {
    autoRead.set(!on);
    if (on) speech.stop();
    setOn(!on);
  };
  return { on: on && available, available, toggle };
}

/**
 * The first question not yet answered: the one 听题 reads. Answering it moves the reading on to the
 * next, so an older person can listen and tap without reading at all.
 */
export function currentQuestion(questions: readonly { id: string }[], chosen: Record<string, readonly string[]>): string | null {
  return questions.find((q) => !(chosen[q.id]?.length))?.id ?? null;
}

/** The 听题 switch above a quiz (shown only where something can read aloud). */
export function AutoReadSwitch({ state }: { state: ReturnType<typeof useAutoRead> }) {
  if (!state.available) return null;
  return (
    <View className={`quiz-autoread ${state.on ? 'quiz-autoread--on' : ''}`} ariaRole='switch' {...checked(state.on)} onClick={state.toggle}>
      <View className='quiz-autoread__text'>听题：每道题自动读出来</View>
      <View className='quiz-autoread__state'>{state.on ? '开' : '关'}</View>
    </View>
  );
}
