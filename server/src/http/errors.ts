import type { ErrorCode } from '@qf/shared';
import { fieldLabel } from './zod-messages';

/** The one family of errors a service throws; the error handler turns them into the envelope. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Services write `输入有误：body.venue.name 不能为空` (the path is what the form uses to place the
 * message); the line a person reads names the field in Chinese instead: `输入有误：地点不能为空`.
 */
function readable(message: string): string {
  const m = /^输入有误：([A-Za-z][\w.]*) (.+)$/.exec(message);
  if (!m) return message;
  const path = m[1]!.split('.').filter((k) => !/^\d+$/.test(k));
  const label = fieldLabel(path);
  const rest = m[2]!;
  return `输入有误：${label && !rest.includes(label) ? label : ''}${rest}`;
}

export class BadRequestError extends AppError {
  constructor(message: string, details?: unknown) {
    super(400, 'invalid_input', readable(message), details);
  }
}
export interface FieldProblem {
  /** Where the form shows it: `body.venue.name`, `query.year`, `token`. */
  field: string;
  message: string;
}

/** The one way to refuse input naming a field: the first problem is the line a person reads. */
export function invalidFields(problems: readonly FieldProblem[]): BadRequestError {
  const first = problems[0]!;
  return new BadRequestError(`输入有误：${first.field} ${first.message}`, problems);
}

export function invalidField(field: string, message: string): BadRequestError {
  return invalidFields([{ field, message }]);
}

export class UnauthorizedError extends AppError {
  constructor(message = '请先登录') {
    super(401, 'unauthorized', message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = '没有权限进行此操作') {
    super(403, 'forbidden', message);
  }
}
export class NotFoundError extends AppError {
  constructor(message = '找不到该内容') {
    super(404, 'not_found', message);
  }
}
export class ConflictError extends AppError {
  constructor(message: string, details?: unknown) {
    super(409, 'conflict', message, details);
  }
}
export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'rate_limited', '操作太频繁，请稍后再试', { retryAfterSeconds });
  }
}
export class UpstreamError extends AppError {
  constructor(message: string, details?: unknown) {
    super(502, 'upstream_error', message, details);
  }
}
export class UnavailableError extends AppError {
  constructor(message = '服务暂时不可用，请稍后再试', readonly retryAfterSeconds = 5) {
    super(503, 'unavailable', message);
  }
}
