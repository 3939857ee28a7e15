import Taro from '@tarojs/taro';
import type { ErrorCode } from '@qf/shared';

/**
 * The only caller of Taro.request. Every service goes through `request`, which
 * - prefixes the API base (same-origin /api/v1 on H5; TARO_APP_API_BASE at build time on weapp),
 * - sends and parses JSON,
 * - adds the session token (signing in first when there is none),
 * - turns the server's error envelope, or a network failure, into an `ApiError`,
 * - on a 401 signs in again once and repeats the request.
 */

export const API_ORIGIN = process.env.TARO_ENV === 'h5' ? '' : process.env.TARO_APP_API_BASE;
export const API_PREFIX = '/api/v1';

/** Codes the server sends, plus the two failures that never reach it. */
export type ApiErrorCode = ErrorCode | 'network_error' | 'bad_response';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** HTTP status; 0 when no response arrived. */
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get isUnauthorized() {
    return this.status === 401;
  }
}

/** Supplies tokens to `request`; services/session.ts registers itself at start-up. */
export interface SessionProvider {
  /** A current token, signing in if there is none. */
  token(): Promise<string>;
  /**
   * Called once after a 401 with the token that was refused: drops it and signs in again, unless
   * another request already replaced it (then the newer token is returned as it is).
   */
  renew(refusedToken: string): Promise<string>;
}

let sessionProvider: SessionProvider | undefined;

export function setSessionProvider(provider: SessionProvider) {
  sessionProvider = provider;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, QueryValue>;
  /**
   * Send the session token: true (default; signs in first), false (sign-in endpoints), or
   * 'optional' for public reads that are counted by township (the search): the token when signing
   * in works, otherwise the request goes without one rather than failing.
   */
  auth?: boolean | 'optional';
  timeoutMs?: number;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const search = Object.entries(query ?? {})
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[1] !== null)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return `${API_ORIGIN}${API_PREFIX}${path}${search ? `?${search}` : ''}`;
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  if (options.auth === false) return send<T>(method, path, options, undefined);
  if (!sessionProvider) throw new Error('http: no session provider registered (import services/session first)');

  const token = options.auth === 'optional' ? await sessionProvider.token().catch(() => null) : await sessionProvider.token();
  if (token === null) return send<T>(method, path, options, undefined);
  try {
    return await send<T>(method, path, options, token);
  } catch (err) {
    if (!(err instanceof ApiError) || !err.isUnauthorized) throw err;
    const renewed = await sessionProvider.renew(token);
    return send<T>(method, path, options, renewed);
  }
}

async function send<T>(method: Method, path: string, options: RequestOptions, token: string | undefined): Promise<T> {
  const header: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) header['Content-Type'] = 'application/json';
  if (token) header.Authorization = `Bearer ${token}`;

  let response: Taro.request.SuccessCallbackResult<TaroGeneral.IAnyObject | string>;
  try {
    response = await Taro.request<TaroGeneral.IAnyObject | string>({
      url: buildUrl(path, options.query),
      method,
      header,
      data: options.body,
      dataType: 'json',
      timeout: options.timeoutMs ?? 15_000,
    });
  } catch {
    throw new ApiError('network_error', '网络连接失败，请检查网络后重试', 0);
  }

  const { statusCode, data } = response;
  if (statusCode >= 200 && statusCode < 300) return (statusCode === 204 ? undefined : data) as T;
  throw toApiError(statusCode, data);
}

function toApiError(status: number, data: unknown): ApiError {
  const envelope = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (envelope && typeof envelope.code === 'string' && typeof envelope.message === 'string') {
    return new ApiError(envelope.code as ErrorCode, envelope.message, status, envelope.details);
  }
  if (status >= 500) return new ApiError('unavailable', '服务暂时不可用，请稍后再试', status);
  return new ApiError('bad_response', `请求失败（${status}）`, status);
}

export interface UploadOptions {
  /** Query string values, e.g. { kind: 'image' }. */
  query?: Record<string, string>;
  /** The file name to report (H5 file pickers give one; the server checks content, not names). */
  fileName?: string;
}

async function sendFile<T>(path: string, filePath: string, options: UploadOptions, token: string): Promise<T> {
  let result: Taro.uploadFile.SuccessCallbackResult;
  try {
    result = await Taro.uploadFile({
      url: buildUrl(path, options.query),
      filePath,
      name: 'file',
      ...(options.fileName ? { fileName: options.fileName } : {}),
      header: { Authorization: `Bearer ${token}` },
    } as Taro.uploadFile.Option);
  } catch {
    throw new ApiError('network_error', '上传失败，请检查网络后重试', 0);
  }
  let data: unknown = result.data;
  try {
    if (typeof data === 'string' && data) data = JSON.parse(data);
  } catch {
    throw new ApiError('bad_response', `上传失败（${result.statusCode}）`, result.statusCode);
  }
  if (result.statusCode >= 200 && result.statusCode < 300) return data as T;
  throw toApiError(result.statusCode, data);
}

/**
 * The only caller of Taro.uploadFile: a multipart upload (field `file`) with the session token,
 * the error envelope turned into an `ApiError`, and one re-login on a 401, as for `request`.
 */
export async function uploadFile<T>(path: string, filePath: string, options: UploadOptions = {}): Promise<T> {
  if (!sessionProvider) throw new Error('http: no session provider registered (import services/session first)');
  const token = await sessionProvider.token();
  try {
    return await sendFile<T>(path, filePath, options, token);
  } catch (err) {
    if (!(err instanceof ApiError) || !err.isUnauthorized) throw err;
    return sendFile<T>(path, filePath, options, await sessionProvider.renew(token));
  }
}

async function fetchFile(url: string, fileName: string, token: string | undefined): Promise<void> {
  const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  if (process.env.TARO_ENV === 'h5') {
    const res = await fetch(url, { headers: header }).catch(() => null);
    if (!res) throw new ApiError('network_error', '下载失败，请检查网络后重试', 0);
    if (!res.ok) throw toApiError(res.status, await res.json().catch(() => null));
    const href = URL.createObjectURL(await res.blob());
    const link = document.createElement('a');
    link.href = href;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
    return;
  }
  const result = await Taro.downloadFile({ url, header }).catch(() => null);
  if (!result) throw new ApiError('network_error', '下载失败，请检查网络后重试', 0);
  if (result.statusCode !== 200) throw toApiError(result.statusCode, null);
  if (fileName.endsWith('.json')) {
    // WeChat's viewer opens office files only: a data file is sent to a chat (to himself, or the
    // 文件传输助手) where he can keep it.
    await Taro.shareFileMessage({ filePath: result.tempFilePath, fileName });
    return;
  }
  await Taro.openDocument({ filePath: result.tempFilePath, fileType: 'xlsx', showMenu: true });
}

/**
 * The only way the app fetches a file (the Excel reports and templates, 导出我的数据): in a browser it
 * is saved under `fileName`; in WeChat an Excel file opens in the document viewer, which can forward
 * it, and a .json file is offered to send to a chat. The token and
 * the one re-login on a 401 work as for `request`.
 */
export async function downloadFile(path: string, fileName: string, query?: Record<string, QueryValue>): Promise<void> {
  if (!sessionProvider) throw new Error('http: no session provider registered (import services/session first)');
  const url = buildUrl(path, query);
  const token = await sessionProvider.token();
  try {
    await fetchFile(url, fileName, token);
  } catch (err) {
    if (!(err instanceof ApiError) || !err.isUnauthorized) throw err;
    await fetchFile(url, fileName, await sessionProvider.renew(token));
  }
}
