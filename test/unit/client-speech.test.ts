import { afterEach, describe, expect, it, vi } from 'vitest';

// The read-aloud build option and the WeChat engine, run in Node: WeChat's plugin and audio player
// are the stand-ins (they are the platform); what is tested is ours: the plugin is declared only when
// the build asks, pieces are read in order one after another, and 停 stops the rest.
(globalThis as unknown as { defineAppConfig: (c: unknown) => unknown }).defineAppConfig = (c) => c;

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('the WeChat build options', () => {
  it('declares the WechatSI plugin only when TARO_APP_WECHAT_SI=1', async () => {
    const plain = (await import('../../miniprogram/src/app.config')).default as Record<string, unknown>;
    expect(plain.plugins).toBeUndefined();
    vi.resetModules();
    vi.stubEnv('TARO_APP_WECHAT_SI', '1');
    const withPlugin = (await import('../../miniprogram/src/app.config')).default as { plugins: Record<string, { provider: string }> };
    expect(withPlugin.plugins.WechatSI!.provider).toBe('wx069ba97219f66d99');
  });

  it('draws its own tab bar in WeChat only (16 px labels in 长辈版); H5 keeps Taro\'s', async () => {
    vi.stubEnv('TARO_ENV', 'weapp');
    expect(((await import('../../miniprogram/src/app.config')).default as { tabBar: { custom: boolean } }).tabBar.custom).toBe(true);
    vi.resetModules();
    vi.stubEnv('TARO_ENV', 'h5');
    expect(((await import('../../miniprogram/src/app.config')).default as { tabBar: { custom: boolean } }).tabBar.custom).toBe(false);
  });
});

describe('reading aloud in WeChat', () => {
  it('turns each piece into audio and plays them in order; 停 stops the rest', async () => {
    vi.stubEnv('TARO_ENV', 'weapp');
    vi.stubEnv('TARO_APP_WECHAT_SI', '1');
    const asked: string[] = [];
    const players: { src: string; ended?: () => void; stopped: boolean }[] = [];
    (globalThis as unknown as { requirePlugin: unknown }).requirePlugin = () => ({
      textToSpeech: (o: { content: string; success: (r: { filename: string }) => void }) => {
        asked.push(o.content);
        o.success({ filename: `tts-${asked.length}.mp3` });
      },
    });
    vi.doMock('@tarojs/taro', () => ({
      default: {
        getStorageSync: () => '',
        setStorageSync: () => undefined,
        createInnerAudioContext: () => {
          const p = { src: '', stopped: false } as (typeof players)[number];
          players.push(p);
          return {
            set src(v: string) {
              p.src = v;
            },
            onEnded: (f: () => void) => (p.ended = f),
            onError: () => undefined,
            play: () => undefined,
            stop: () => (p.stopped = true),
            destroy: () => undefined,
          };
        },
      },
    }));
    const { speech } = await import('../../miniprogram/src/services/speech');
    expect(speech.available()).toBe(true);
    const long = `${'家庭应当树立优良家风，弘扬家庭美德，重视家庭文明建设。'.repeat(5)}夫妻应当互相忠实，互相尊重，互相关爱。`;
    let done = 0;
    speech.speak(long, () => done++);
    expect(players.map((p) => p.src)).toEqual(['tts-1.mp3']);
    players[0]!.ended!();
    expect(players.map((p) => p.src)).toEqual(['tts-1.mp3', 'tts-2.mp3']);
    expect(asked.join('')).toBe(long);
    players[1]!.ended!();
    expect(done).toBe(1);

    speech.speak('第一句。第二句。', () => done++);
    speech.stop();
    expect(done).toBe(2);
    expect(players.at(-1)!.stopped).toBe(true);
  });
});
