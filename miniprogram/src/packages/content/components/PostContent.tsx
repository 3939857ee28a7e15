import Taro from '@tarojs/taro';
import { Image, RichText, Video, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import type { MediaRef } from '@qf/shared';
import { mediaUrl } from '../../../services/content';
import './content.css';
import { nativeColor } from '../../../theme/tokens';

export interface PostContentProps {
  type: 'article' | 'video' | 'opera' | 'poster';
  body: string;
  lyrics: string;
  cover: MediaRef | null;
  media: MediaRef | null;
}

/**
 * Article HTML for RichText: the server has already cleaned it (allow-list); here images get an
 * absolute address (weapp needs one) and a width that fits the screen.
 */
export function richTextNodes(html: string): string {
  return html
    .replace(/<img src="(\/api\/v1\/uploads\/[A-Za-z0-9_-]+)"/g, (_, path: string) => `<img style="max-width:100%;height:auto;display:block;margin:12px auto;border-radius:8px" src="${mediaUrl(path)}"`)
    .replace(/<p>/g, '<p style="margin:0 0 16px;line-height:1.8">')
    .replace(/<h(2|3|4)>/g, '<h$1 style="margin:24px 0 12px;line-height:1.4">')
    .replace(/<blockquote>/g, `<blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid ${nativeColor('--qf-brand')};background:${nativeColor('--qf-surface-warm')}">`);
}

/** The body of a post by type: article text, video player, opera audio/video with lyrics, poster. */
export function PostContent({ type, body, lyrics, cover, media }: PostContentProps) {
  return (
    <View className='post-content'>
      {type === 'article' && (
        <View className='post-content__article'>
          <RichText nodes={richTextNodes(body)} />
        </View>
      )}
      {(type === 'video' || type === 'opera') && media?.kind === 'video' && (
        <Video className='post-content__video' src={mediaUrl(media.url)} poster={cover ? mediaUrl(cover.url) : undefined} controls showFullscreenBtn objectFit='contain' />
      )}
      {type === 'opera' && media?.kind === 'audio' && <AudioPlayer src={mediaUrl(media.url)} cover={cover} />}
      {type === 'opera' && lyrics && (
        <View className='post-content__lyrics'>
          <View className='post-content__lyrics-title'>唱词</View>
          <View className='post-content__lyrics-text'>{lyrics}</View>
        </View>
      )}
      {type === 'poster' && media && (
        <Image
          className='post-content__poster'
          src={mediaUrl(media.url)}
          mode='widthFix'
          showMenuByLongpress
          onClick={() => void Taro.previewImage({ urls: [mediaUrl(media.url)] }).catch(() => undefined)}
        />
      )}
    </View>
  );
}

/** A big play/pause button over the clip (WeChat has no audio component with controls any more). */
function AudioPlayer({ src, cover }: { src: string; cover: MediaRef | null }) {
  const audio = useRef<Taro.InnerAudioContext | null>(null);
  const [playing, setPlaying] = useState(false);
  useEffect(() => {
    const ctx = Taro.createInnerAudioContext();
    ctx.src = src;
    ctx.onPlay(() => setPlaying(true));
    ctx.onPause(() => setPlaying(false));
    ctx.onStop(() => setPlaying(false));
    ctx.onEnded(() => setPlaying(false));
    ctx.onError(() => {
      setPlaying(false);
      void Taro.showToast({ title: '音频播放失败', icon: 'none' });
    });
    audio.current = ctx;
    return () => ctx.destroy();
  }, [src]);
  return (
    <View className='post-content__audio'>
      {cover && <Image className='post-content__audio-cover' src={mediaUrl(cover.url)} mode='aspectFill' />}
      <View
        className='post-content__audio-btn'
        hoverClass='post-content__audio-btn--pressed'
        ariaRole='button'
        onClick={() => (playing ? audio.current?.pause() : audio.current?.play())}
      >
        {playing ? '暂停' : '▶ 播放'}
      </View>
    </View>
  );
}
