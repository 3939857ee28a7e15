import Taro, { useDidShow } from '@tarojs/taro';
import { Image, Input, View } from '@tarojs/components';
import { useRef, useState } from 'react';
import { POST_TYPE_LABELS, type FeedItem, type PostType } from '@qf/shared';
import { usePagedList } from '../../hooks/usePagedList';
import { useSession } from '../../hooks/useSession';
import { getFeed, mediaUrl } from '../../services/content';
import { ActionButton } from '../ActionButton';
import { LoadMore } from '../LoadMore';
import { postPageUrl, shortDate } from './format';
import './index.css';

export { postPageUrl, shortDate };

const PAGE_SIZE = 10;
const TABS: { key: PostType | 'all'; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'article', label: '文章' },
  { key: 'video', label: '视频' },
  { key: 'opera', label: '戏曲' },
  { key: 'poster', label: '海报' },
];

/**
 * The 首页 feed of published outreach content: the resident's township and the whole county,
 * pinned first, newest next; tabs by type, a topic filter (tap a tag) and keyword search.
 */
export function ContentFeed() {
  const { user } = useSession();
  const [type, setType] = useState<PostType | 'all'>('all');
  const [tag, setTag] = useState<string | null>(null);
  const [keyword, setKeyword] = useState('');
  const [q, setQ] = useState('');
  const firstShow = useRef(true);

  const feed = usePagedList(
    (page) => getFeed({ type: type === 'all' ? undefined : type, tag: tag ?? undefined, q: q || undefined, ...page }),
    [type, tag, q, user?.townshipCode ?? null, user?.id ?? null],
    { pageSize: PAGE_SIZE, enabled: !!user },
  );
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else if (user) void feed.reload();
  });

  const { items } = feed;
  const isStaff = !!user?.roles.some((r) => r === 'propaganda' || r === 'county_admin');

  return (
    <View className='feed'>
      <View className='feed__head'>
        <View className='feed__title'>普法内容</View>
        {isStaff && (
          <View className='feed__manage' hoverClass='feed__manage--pressed' ariaRole='button' onClick={() => void Taro.navigateTo({ url: '/packages/content/pages/manage/index' })}>
            内容管理
          </View>
        )}
      </View>

      <View className='feed__tabs' ariaRole='tablist'>
        {TABS.map((t) => (
          <View
            key={t.key}
            className={`feed__tab ${type === t.key ? 'feed__tab--on' : ''}`}
            ariaRole='tab'
           
            onClick={() => setType(t.key)}
          >
            {t.label}
          </View>
        ))}
      </View>

      <View className='feed__search'>
        <Input
          className='feed__search-input'
          value={keyword}
          placeholder='搜索，如：宅基地'
          confirmType='search'
          onInput={(e) => setKeyword(e.detail.value)}
          onConfirm={() => setQ(keyword.trim())}
        />
        <View className='feed__search-btn' hoverClass='feed__search-btn--pressed' ariaRole='button' onClick={() => setQ(keyword.trim())}>
          搜索
        </View>
      </View>
      {(tag || q) && (
        <View className='feed__filters'>
          {tag && (
            <View className='feed__filter' ariaRole='button' onClick={() => setTag(null)}>
              专题：{tag} ✕
            </View>
          )}
          {q && (
            <View
              className='feed__filter'
              ariaRole='button'
              onClick={() => {
                setQ('');
                setKeyword('');
              }}
            >
              搜索：{q} ✕
            </View>
          )}
        </View>
      )}

      {feed.error ? (
        <View className='feed__note'>
          <View>内容没能加载出来：{feed.error.message}</View>
          <ActionButton variant='secondary' size='medium' onClick={() => void feed.reload()}>
            重试
          </ActionButton>
        </View>
      ) : feed.loading && !feed.data ? (
        <View className='feed__note'>正在加载内容…</View>
      ) : items.length === 0 ? (
        <View className='feed__note'>{q || tag || type !== 'all' ? '没有找到相关内容' : '还没有发布的内容'}</View>
      ) : (
        <View className='feed__list'>
          {items.map((item) => (
            <FeedCard key={item.id} item={item} onTag={setTag} />
          ))}
          <LoadMore list={feed} />
        </View>
      )}
    </View>
  );
}

function FeedCard({ item, onTag }: { item: FeedItem; onTag: (tag: string) => void }) {
  return (
    <View className='feed-card' hoverClass='feed-card--pressed' ariaRole='link' onClick={() => void Taro.navigateTo({ url: postPageUrl(item.id) })}>
      {item.cover && <Image className='feed-card__cover' src={mediaUrl(item.cover.url)} mode='aspectFill' lazyLoad />}
      <View className='feed-card__body'>
        <View className='feed-card__title'>
          {item.pinned && <View className='feed-card__pin'>置顶</View>}
          {item.title}
        </View>
        {item.summary && <View className='feed-card__summary'>{item.summary}</View>}
        <View className='feed-card__meta'>
          <View className={`feed-card__type feed-card__type--${item.type}`}>{POST_TYPE_LABELS[item.type]}</View>
          <View>{item.channel}</View>
          <View>{shortDate(item.publishedAt)}</View>
          <View>浏览 {item.viewCount}</View>
        </View>
        {item.tags.length > 0 && (
          <View className='feed-card__tags'>
            {item.tags.map((t) => (
              <View
                key={t}
                className='feed-card__tag'
                ariaRole='button'
                onClick={(e) => {
                  e.stopPropagation();
                  onTag(t);
                }}
              >
                #{t}
              </View>
            ))}
          </View>
        )}
      </View>
    </View>
  );
}
