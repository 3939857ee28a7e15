import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../services/http';

export interface RequestState<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  /** Runs the request again (PageContainer's 重试 button, pull-down refresh). */
  reload: () => Promise<void>;
  /** Replaces the data locally, e.g. with the server's answer to an edit. */
  setData: (data: T) => void;
}

/**
 * Runs `fetcher` on mount and whenever `deps` change, and keeps the latest answer. Answers to
 * superseded runs are dropped, so a slow earlier response never overwrites a newer one.
 * Pass `enabled: false` to wait (e.g. until the user has picked a township).
 */
export function useRequest<T>(fetcher: () => Promise<T>, deps: readonly unknown[], options: { enabled?: boolean } = {}): RequestState<T> {
  const enabled = options.enabled ?? true;
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(enabled);
  const run = useRef(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  const reload = useCallback(async () => {
    const id = ++run.current;
    setLoading(true);
    setError(null);
    try {
      const result = await fetcherRef.current();
      if (id === run.current) setData(result);
    } catch (err) {
      if (!(err instanceof ApiError)) console.error('useRequest: unexpected failure', err);
      if (id === run.current) setError(err instanceof ApiError ? err : new ApiError('internal', '出了点问题，请稍后重试', 0));
    } finally {
      if (id === run.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (enabled) void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, reload, ...deps]);

  return { data, error, loading, reload, setData };
}
