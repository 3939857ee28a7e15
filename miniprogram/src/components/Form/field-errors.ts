import { ApiError } from '../../services/http';

/** Field → message, from the server's 400 details (`body.rule.days.0` is shown under `rule`). */
export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(err: unknown): FieldErrors {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return {};
  const errors: FieldErrors = {};
  for (const d of err.details as { field?: string; message?: string }[]) {
    const key = (d.field ?? '').replace(/^body\.?/, '').split('.')[0] || '_';
    errors[key] ??= d.message ?? '输入有误';
  }
  return errors;
}
