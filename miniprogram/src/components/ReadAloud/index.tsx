import { View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { speech } from '../../services/speech';
import { useSpeechAvailable } from '../../hooks/useSpeechAvailable';
import './index.css';

/**
 * ▶ 听: reads a text aloud (services/speech: the browser's voice on H5, the 同声传译 plugin in
 * WeChat when the build declares it), with 停 to stop. Hidden where nothing can read.
 * `autoStart`: read as soon as it shows, and again whenever the text changes (the 听题 setting).
 */
export function ReadAloud({ text, label = '听', autoStart = false }: { text: string; label?: string; autoStart?: boolean }) {
  const available = useSpeechAvailable();
  const [speaking, setSpeaking] = useState(false);

  // Leaving the page stops the reading.
  useEffect(() => () => speech.stop(), []);

  function start() {
    setSpeaking(true);
    speech.speak(text, () => setSpeaking(false));
  }

  useEffect(() => {
    if (autoStart && available) start();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [autoStart, available, text]);

  if (!available) return null;
  return (
    <View className='qf-listen' hoverClass='qf-listen--pressed' ariaRole='button' ariaLabel={speaking ? '停止朗读' : `朗读：${label}`} onClick={speaking ? () => speech.stop() : start}>
      {speaking ? '■ 停' : `▶ ${label}`}
    </View>
  );
}
