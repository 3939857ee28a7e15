import { View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import './index.css';

/** Pieces short enough for a speech engine, cut after sentence marks so the pauses fall right. */
export function speechPieces(text: string, max = 120): string[] {
  const sentences = text.replace(/\s+/g, ' ').match(/[^。！？；\n]+[。！？；]?/g) ?? [];
  const pieces: string[] = [];
  for (const s of sentences.map((x) => x.trim()).filter(Boolean)) {
    const last = pieces[pieces.length - 1];
    if (last && last.length + s.length <= max) pieces[pieces.length - 1] = last + s;
    else for (let i = 0; i < s.length; i += max) pieces.push(s.slice(i, i + max));
  }
  return pieces;
}

function chineseVoice(): SpeechSynthesisVoice | null {
  if (typeof window === 'undefined' || !('speechSynthesis' in window)) return null;
  return window.speechSynthesis.getVoices().find((v) => /^zh/i.test(v.lang)) ?? null;
}

/**
 * ▶ 听: reads a text aloud, piece by piece, with 停 to stop. On H5 through the browser's
 * speechSynthesis with a Chinese voice, and hidden where the browser has none. (In WeChat it needs
 * the 同声传译 plugin, which needs the real AppID: not wired yet, so the button is not shown there.)
 */
export function ReadAloud({ text, label = '听' }: { text: string; label?: string }) {
  const [voice, setVoice] = useState<SpeechSynthesisVoice | null>(() => (process.env.TARO_ENV === 'h5' ? chineseVoice() : null));
  const [speaking, setSpeaking] = useState(false);

  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined' || !('speechSynthesis' in window)) return undefined;
    // Voices load late in some browsers.
    const found = () => setVoice(chineseVoice());
    window.speechSynthesis.addEventListener?.('voiceschanged', found);
    return () => {
      window.speechSynthesis.removeEventListener?.('voiceschanged', found);
      window.speechSynthesis.cancel();
    };
  }, []);

  if (!voice) return null;

  function start() {
    const synth = window.speechSynthesis;
    synth.cancel();
    const pieces = speechPieces(text);
    pieces.forEach((piece, i) => {
      const u = new SpeechSynthesisUtterance(piece);
      u.lang = 'zh-CN';
      u.voice = voice;
      u.rate = 0.9;
      if (i === pieces.length - 1) u.onend = () => setSpeaking(false);
      synth.speak(u);
    });
    setSpeaking(pieces.length > 0);
  }

  function stop() {
    window.speechSynthesis.cancel();
    setSpeaking(false);
  }

  return (
    <View className='qf-listen' hoverClass='qf-listen--pressed' ariaRole='button' ariaLabel={speaking ? '停止朗读' : `朗读：${label}`} onClick={speaking ? stop : start}>
      {speaking ? '■ 停' : `▶ ${label}`}
    </View>
  );
}
