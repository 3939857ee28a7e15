import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';
import { useRequest, type RequestState } from './useRequest';

type AnyPage = { items: unknown[]; total: number };

export interface PagedList<P extends AnyPage> extends RequestState<P> {
  /** The first page and every page loaded after it, in order. */
  items: P['items'];
  total: number;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => Promise<void>;
}

/**
 * The one "load more" list: the first page reloads when `deps` change (a filter, the signed-in
 * person), later pages are added on 加载更多. A page that arrives after the filters changed is
 * dropped, so a slow answer never mixes two lists.
 */
export function usePagedList<P extends AnyPage>(
  fetchPage: (page: { limit: number; offset: number }) => Promise<P>,
  deps: readonly unknown[],
  options: { pageSize: number; enabled?: boolean },
): PagedList<P> {
  const [more, setMore] = useState<P['items']>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const first = useRequest(
    () => {
      generation.current++;
      setMore([]);
      return fetchRef.current({ limit: options.pageSize, offset: 0 });
    },
    deps,
    options.enabled === undefined ? {} : { enabled: options.enabled },
  );
  const items: P['items'] = [...(first.data?.items ?? []), ...more];
  const total = first.data?.total ?? 0;

  async function loadMore() {
    const startedIn = generation.current;
    setLoadingMore(true);
    try {
      const page = await fetchRef.current({ limit: options.pageSize, offset: items.length });
      if (startedIn === generation.current) setMore((m) => [...m, ...page.items]);
    } catch {
      void Taro.showToast({ title: '没能加载更多，请重试', icon: 'none' });
    } finally {
      setLoadingMore(false);
    }
  }

  return { ...first, items, total, hasMore: items.length < total, loadingMore, loadMore };
}
