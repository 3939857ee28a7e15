import { ApiError } from '../../services/http';

/** Field → message, from the server's 400 details (`body.rule.days.0` is shown under `rule`). */
export type FieldErrors = Record<string, string>;

/** The form field a server path belongs to; by default the first name after `body.`. */
export type PlaceOf = (path: string) => string;

const firstName: PlaceOf = (path) => path.replace(/^body\./, '').split('.')[0] || '_';

/**
 * The one mapping from a refusal to the fields it names. A form whose fields are not the body's
 * top-level names (a lecture's `body.venue.address` is its 详细地址) passes `placeOf`.
 */
export function fieldErrorsOf(err: unknown, placeOf: PlaceOf = firstName): FieldErrors {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return {};
  // Every problem of a field is shown (two misquoted passages in one explanation: one save, not two).
  const messages = new Map<string, string[]>();
  for (const d of err.details as { field?: string; message?: string }[]) {
    const key = placeOf(d.field ?? '') || '_';
    const message = d.message ?? '输入有误';
    const list = messages.get(key) ?? [];
    if (!list.includes(message)) list.push(message);
    messages.set(key, list);
  }
  return Object.fromEntries([...messages].map(([key, list]) => [key, list.join('；')]));
}
