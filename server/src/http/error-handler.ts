import type { Context, Next } from 'koa';
import mongoose from 'mongoose';
import type { ErrorEnvelope } from '@qf/shared';
import type { Logger } from '../logger';
import { AppError, RateLimitedError, UnavailableError } from './errors';
import { isDuplicateKey } from '../db/unique';

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  type?: string;
  message?: string;
}

/** Mongo errors that mean "the database is not there right now". */
function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return (
    err.name === 'MongooseServerSelectionError' ||
    err.name === 'MongoServerSelectionError' ||
    err.name === 'MongoNetworkError' ||
    err.name === 'MongoNetworkTimeoutError' ||
    err.name === 'MongoNotConnectedError' ||
    err.name === 'MongoTopologyClosedError' ||
    err.name === 'MongoClientClosedError' ||
    err.name === 'MongoPoolClearedError' ||
    /buffering timed out|connection .* closed|Client must be connected/i.test(err.message)
  );
}

function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof mongoose.Error.ValidationError || err instanceof mongoose.Error.CastError) {
    return new AppError(400, 'invalid_input', '输入有误', { reason: err.message });
  }
  if (err instanceof mongoose.Error.StrictModeError) {
    return new AppError(400, 'invalid_input', '不支持的查询字段');
  }
  if (isDuplicateKey(err)) {
    return new AppError(409, 'conflict', '记录已存在');
  }
  if (isDatabaseUnavailable(err)) return new UnavailableError('数据库暂时不可用，请稍后再试');
  // MaxTimeMSExpired: the database stopped a query that ran past its time limit.
  if (err && typeof err === 'object' && (err as { code?: unknown }).code === 50) {
    return new UnavailableError('要查的内容太多，一时没有查完，请稍后再试');
  }
  const http = err as HttpLikeError;
  const status = http?.status ?? http?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 413) return new AppError(413, 'payload_too_large', '提交的内容太大');
    if (status === 415) return new AppError(415, 'unsupported_media_type', '提交的内容格式不对，无法读取');
    if (status === 400 && /json|parse/i.test(`${http.type} ${http.message}`)) {
      return new AppError(400, 'invalid_input', '提交的内容格式不对，无法读取');
    }
    return new AppError(status, status === 401 ? 'unauthorized' : status === 404 ? 'not_found' : 'invalid_input', http.expose && http.message ? http.message : '请求有误');
  }
  return null;
}

/** First middleware: every error becomes the one envelope; only unexpected ones are logged with their stack. */
export function errorHandler(logger: Logger) {
  return async function handleErrors(ctx: Context, next: Next) {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/api/')) {
        throw new AppError(404, 'not_found', '没有这个接口');
      }
      // The router's answer to a method the path does not have (it has set Allow): 405, in the envelope.
      if ((ctx.status === 405 || ctx.status === 501) && ctx.body === undefined) {
        ctx.status = 405;
        ctx.body = { error: { code: 'method_not_allowed', message: '不支持这种请求方式' } } satisfies ErrorEnvelope;
      }
    } catch (err) {
      const known = toAppError(err);
      const appError = known ?? new AppError(500, 'internal', '服务器出错了，请稍后再试');
      if (!known) logger.error({ err, method: ctx.method, path: ctx.path }, 'unhandled error');
      else if (appError.status >= 500) logger.warn({ code: appError.code, path: ctx.path, reason: (err as Error).message }, 'request failed');
      if (appError instanceof RateLimitedError) ctx.set('Retry-After', String(appError.retryAfterSeconds));
      if (appError instanceof UnavailableError) ctx.set('Retry-After', String(appError.retryAfterSeconds));
      const body: ErrorEnvelope = { error: { code: appError.code, message: appError.message } };
      if (appError.details !== undefined) body.error.details = appError.details;
      ctx.status = appError.status;
      ctx.body = body;
    }
  };
}
