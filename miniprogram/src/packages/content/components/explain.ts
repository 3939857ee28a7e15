import { ApiError } from '../../../services/http';

/** An API error in plain words (the server's message already names a field in Chinese); forms show 400s under their fields. */
export function explain(err: unknown): string {
  return err instanceof ApiError ? err.message : '出了点问题，请稍后重试';
}

