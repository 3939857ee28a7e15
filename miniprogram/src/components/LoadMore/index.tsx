import { View } from '@tarojs/components';
import { ActionButton } from '../ActionButton';

/** The 加载更多 button under a paged list (see hooks/usePagedList); nothing once all are shown. */
export function LoadMore({ list }: { list: { hasMore: boolean; loadingMore: boolean; loadMore: () => Promise<void>; items: unknown[]; total: number } }) {
  if (!list.hasMore) return null;
  return (
    <View style={{ marginTop: '16px' }}>
      <ActionButton variant='secondary' block busy={list.loadingMore} onClick={() => void list.loadMore()}>
        加载更多（还有 {list.total - list.items.length} 条）
      </ActionButton>
    </View>
  );
}
