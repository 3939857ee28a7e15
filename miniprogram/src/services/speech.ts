import Taro from '@tarojs/taro';

/**
 * Reading aloud (听), one engine per platform:
 * - H5: the browser's speechSynthesis with a Chinese voice (none: not available, the buttons hide);
 * - WeChat: the 同声传译 plugin (WechatSI) turns each piece into an audio file, played in order.
 *   Declaring a plugin needs the mini-program's real AppID, so it is a build option:
 *   `TARO_APP_WECHAT_SI=1 npm run build:weapp` (see README); without it there is no 听 in WeChat.
 * One reading at a time: a new one stops the last.
 */

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

interface Engine {
  available(): boolean;
  /** Calls `onEnd` once when the last piece has been read (not when stopped). */
  speak(pieces: string[], onEnd: () => void): void;
  stop(): void;
}

function chineseVoice(): SpeechSynthesisVoice | null {
  if (typeof window === 'undefined' || !('speechSynthesis' in window)) return null;
  return window.speechSynthesis.getVoices().find((v) => /^zh/i.test(v.lang)) ?? null;
}

const browserEngine: Engine = {
  available: () => !!chineseVoice(),
  speak(pieces, onEnd) {
    const synth = window.speechSynthesis;
    const voice = chineseVoice();
    synth.cancel();
    pieces.forEach((piece, i) => {
      const u = new SpeechSynthesisUtterance(piece);
      u.lang = 'zh-CN';
      u.voice = voice;
      u.rate = 0.9;
      if (i === pieces.length - 1) u.onend = onEnd;
      synth.speak(u);
    });
  },
  stop: () => window.speechSynthesis.cancel(),
};

declare const requirePlugin: (name: string) => {
  textToSpeech(options: { lang: string; tts: boolean; content: string; success: (res: { filename: string }) => void; fail: (err: unknown) => void }): void;
};

/** WechatSI: text → an audio file per piece, each played when the one before ends. */
function wechatEngine(): Engine {
  let audio: Taro.InnerAudioContext | null = null;
  let run = 0;
  const stop = () => {
    run++;
    audio?.stop();
    audio?.destroy();
    audio = null;
  };
  return {
    available: () => true,
    speak(pieces, onEnd) {
      stop();
      const mine = run;
      const plugin = requirePlugin('WechatSI');
      const play = (i: number) => {
        if (mine !== run) return;
        if (i >= pieces.length) return onEnd();
        plugin.textToSpeech({
          lang: 'zh_CN',
          tts: true,
          content: pieces[i]!,
          success: ({ filename }) => {
            if (mine !== run) return;
            audio?.destroy();
            audio = Taro.createInnerAudioContext();
            audio.src = filename;
            audio.onEnded(() => play(i + 1));
            audio.onError(() => play(i + 1));
            audio.play();
          },
          fail: () => play(i + 1),
        });
      };
      play(0);
    },
    stop,
  };
}

const engine: Engine | null =
  process.env.TARO_ENV === 'h5' ? browserEngine : process.env.TARO_ENV === 'weapp' && process.env.TARO_APP_WECHAT_SI === '1' ? wechatEngine() : null;

// Who is reading now: told when the reading ends or is cut short (a new reading, or 停).
let finished: (() => void) | null = null;
const finish = () => {
  const done = finished;
  finished = null;
  done?.();
};

export const speech = {
  /** Whether 听 can be offered here (H5: once a Chinese voice is loaded). */
  available: () => !!engine?.available(),
  /** Reads `text`, stopping whatever was being read; `onDone` runs when it ends or is stopped. */
  speak(text: string, onDone: () => void = () => undefined) {
    if (!engine) return;
    finish();
    finished = onDone;
    engine.speak(speechPieces(text), () => {
      if (finished === onDone) finish();
    });
  },
  stop() {
    engine?.stop();
    finish();
  },
  /** Voices arrive late in some browsers: tells when availability may have changed. */
  onChange(listener: () => void): () => void {
    if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined' || !('speechSynthesis' in window)) return () => undefined;
    window.speechSynthesis.addEventListener?.('voiceschanged', listener);
    return () => window.speechSynthesis.removeEventListener?.('voiceschanged', listener);
  },
};

const AUTO_READ_KEY = 'qf.autoReadQuestions';
/** 听题: read each quiz question aloud as it comes up (kept on this phone). */
export const autoRead = {
  get: () => Taro.getStorageSync(AUTO_READ_KEY) === true,
  set: (on: boolean) => Taro.setStorageSync(AUTO_READ_KEY, on),
};
