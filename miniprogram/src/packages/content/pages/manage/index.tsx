import Taro, { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useRef, useState } from 'react';
import { POST_STATUS_LABELS, POST_TYPE_LABELS, type PostStatus, type StaffPost } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { shortDate } from '../../../../components/ContentFeed/format';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { listStaffPosts } from '../../../../services/content';
import '../../components/content.css';
import './index.css';

type Tab = 'mine' | 'review' | 'all';

/**
 * Staff home for content: propaganda staff see their own posts; the county admin also has the
 * review queue, everybody's posts (others' drafts excepted), the audit log and the view report.
 */
export default function ManagePage() {
  const { user } = useSession();
  const isAdmin = !!user?.roles.includes('county_admin');
  const isWriter = isAdmin || !!user?.roles.includes('propaganda');
  const [chosenTab, setTab] = useState<Tab | null>(null);
  // The county admin starts at the review queue; propaganda staff at their own posts.
  const tab: Tab = chosenTab ?? (isAdmin ? 'review' : 'mine');
  const firstShow = useRef(true);
  const list = useRequest(
    () => listStaffPosts(tab === 'mine' ? { mine: true, limit: 50 } : tab === 'review' ? { status: 'in_review', limit: 50 } : { limit: 50 }),
    [tab],
    { enabled: isWriter && !!user },
  );
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else if (isWriter) void list.reload();
  });

  if (user && !isWriter) {
    return (
      <PageContainer title='宣传内容'>
        <View className='cp-banner cp-banner--warn'>只有宣传员和县司法局管理员可以管理内容。</View>
      </PageContainer>
    );
  }

  const tabs: { key: Tab; label: string }[] = isAdmin
    ? [
        { key: 'review', label: '待审核' },
        { key: 'mine', label: '我写的' },
        { key: 'all', label: '全部' },
      ]
    : [{ key: 'mine', label: '我写的' }];

  return (
    <PageContainer title='宣传内容' subtitle={isAdmin ? '写文章、审核稿件，看操作记录和浏览统计' : '写文章、视频和海报，提交县司法局审核'}>
      <View className='cp-actions'>
        <ActionButton block onClick={() => void Taro.navigateTo({ url: '/packages/content/pages/editor/index' })}>
          ＋ 写新内容
        </ActionButton>
        {isAdmin && (
          <View className='manage__links'>
            <ActionButton variant='secondary' size='medium' onClick={() => void Taro.navigateTo({ url: '/packages/content/pages/audit/index' })}>
              操作记录
            </ActionButton>
            <ActionButton variant='secondary' size='medium' onClick={() => void Taro.navigateTo({ url: '/packages/content/pages/report/index' })}>
              浏览统计
            </ActionButton>
          </View>
        )}
      </View>
      {tabs.length > 1 && (
        <View className='cp-tabs' ariaRole='tablist'>
          {tabs.map((t) => (
            <View key={t.key} className={`cp-tab ${tab === t.key ? 'cp-tab--on' : ''}`} ariaRole='tab' onClick={() => setTab(t.key)}>
              {t.label}
            </View>
          ))}
        </View>
      )}
      {list.error ? (
        <View className='cp-banner cp-banner--error'>{list.error.message}</View>
      ) : list.loading && !list.data ? (
        <View className='cp-card cp-muted'>正在加载…</View>
      ) : (list.data?.items.length ?? 0) === 0 ? (
        <View className='cp-card cp-muted'>{tab === 'review' ? '没有待审核的内容' : '还没有内容，点上面的“写新内容”开始。'}</View>
      ) : (
        <View className='manage__list'>
          {list.data!.items.map((post) => (
            <StaffPostCard key={post.id} post={post} />
          ))}
        </View>
      )}
    </PageContainer>
  );
}

function StaffPostCard({ post }: { post: StaffPost }) {
  return (
    <View
      className='cp-card manage__item'
      hoverClass='manage__item--pressed'
      ariaRole='link'
      onClick={() => void Taro.navigateTo({ url: `/packages/content/pages/preview/index?id=${post.id}` })}
    >
      <View className='manage__item-head'>
        <View className={`cp-status cp-status--${post.status}`}>{POST_STATUS_LABELS[post.status as PostStatus]}</View>
        <View className='cp-muted'>
          {POST_TYPE_LABELS[post.type]} · {post.authorName} · {shortDate(post.updatedAt)}
        </View>
      </View>
      <View className='manage__item-title'>{post.title}</View>
      {post.status === 'rejected' && post.rejection && <View className='manage__item-reason'>未通过：{post.rejection.reason}</View>}
      {post.status === 'scheduled' && post.publishAt && <View className='cp-muted'>定时发布：{post.publishAt.slice(0, 16).replace('T', ' ')}</View>}
    </View>
  );
}
