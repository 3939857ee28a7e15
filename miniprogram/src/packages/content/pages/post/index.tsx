import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { POST_TYPE_LABELS } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { ReadAloud } from '../../../../components/ReadAloud';
import { PageContainer } from '../../../../components/PageContainer';
import { postPageUrl, shortDate } from '../../../../components/ContentFeed/format';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { getPost, mediaUrl, recordView } from '../../../../services/content';
import { PostContent } from '../../components/PostContent';
import '../../components/content.css';

/** A published post: article, video, opera clip or poster. Withdrawn posts say so. */
export default function PostPage() {
  const id = useRouter().params.id ?? '';
  const { user } = useSession();
  const post = useRequest(() => getPost(id), [id]);
  const [views, setViews] = useState<number | null>(null);

  const published = post.data?.status === 'published';
  useEffect(() => {
    if (!published || !user) return;
    recordView(id).then(
      (r) => setViews(r.viewCount),
      () => undefined,
    );
  }, [id, published, user?.id]);

  useShareAppMessage(() => {
    const data = post.data;
    return {
      title: data?.title ?? '清丰普法',
      path: postPageUrl(id),
      ...(data?.cover ? { imageUrl: mediaUrl(data.cover.url) } : {}),
    };
  });

  const data = post.data;
  return (
    <PageContainer loading={post.loading && !data} error={post.error} onRetry={() => void post.reload()}>
      {data?.status === 'withdrawn' && (
        <View className='cp-card post-withdrawn'>
          <View className='cp-title'>{data.title}</View>
          <View className='cp-banner cp-banner--warn'>这篇内容已经被发布单位收回，现在看不了了。</View>
          <ActionButton variant='secondary' block onClick={() => void Taro.switchTab({ url: '/pages/home/index' })}>
            回到首页看其他内容
          </ActionButton>
        </View>
      )}
      {data?.status === 'published' && (
        <View className='cp-card'>
          <View className='cp-title'>{data.title}</View>
          <View className='cp-meta'>
            <View>{POST_TYPE_LABELS[data.type]}</View>
            <View>{data.channel}</View>
            {data.publishedAt && <View>{shortDate(data.publishedAt)}</View>}
            <View className='post__views'>浏览 {views ?? data.viewCount}</View>
          </View>
          <ReadAloud text={[data.title, data.summary, plainText(data.body), data.lyrics].filter(Boolean).join('。')} label='听这篇' />
          {data.summary && <View className='cp-summary'>{data.summary}</View>}
          <PostContent type={data.type} body={data.body} lyrics={data.lyrics} cover={data.cover} media={data.media} />
          {data.tags.length > 0 && (
            <View className='cp-meta'>
              {data.tags.map((t) => (
                <View key={t}>#{t}</View>
              ))}
            </View>
          )}
          <View className='cp-muted'>
            作者：{data.authorName}
            {process.env.TARO_ENV === 'weapp' ? ' · 点右上角“···”可转发给微信好友' : ''}
          </View>
        </View>
      )}
    </PageContainer>
  );
}

/** The words of an article's HTML, for reading aloud (the markup is the server's sanitized subset). */
function plainText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
