import type { Context } from 'koa';
import type Router from '@koa/router';
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ErrorEnvelope, type Me, type Role } from '@qf/shared';
import { AppError, BadRequestError, ForbiddenError, UnauthorizedError } from './errors';
import { hasAnyRole, type AuthState } from './auth';
import { fieldLabel } from './zod-messages';

/** Who may call a route: anybody, any signed-in user, or users holding one of the roles. */
export type Access = 'public' | 'user' | readonly Role[];

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type AnyObject = z.ZodType<Record<string, unknown>>;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface Input<B, Q, P, A extends Access> {
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
  /** The signed-in user (the one name for him on the server: `actor`, first argument of every service call). */
  actor: A extends 'public' ? Me | undefined : Me;
  ctx: Context;
}

export interface RouteDef<B = unknown, Q = unknown, P = unknown, A extends Access = Access> {
  method: Method;
  /** Koa-style path below /api/v1, e.g. `/users/:id/roles`. */
  path: string;
  summary: string;
  tag: string;
  access: A;
  body?: B;
  query?: Q;
  params?: P;
  /** The success body's schema, for the OpenAPI document. */
  response?: z.ZodType;
  /** Refusals beyond the rule in documentedStatuses that this route's service gives (a GET that can conflict, a check of its own). */
  errors?: readonly number[];
  /** Content type of a non-JSON success body (files). */
  produces?: string;
  status?: number;
  handler: (input: Input<B, Q, P, A>) => unknown | Promise<unknown>;
}

/** Identity function that lets TypeScript infer a route's input types from its schemas. */
export function defineRoute<
  B extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  P extends AnyObject | undefined = undefined,
  const A extends Access = Access,
>(def: RouteDef<B, Q, P, A>): RouteDef<B, Q, P, A> {
  return def;
}

export type AnyRoute = RouteDef<any, any, any, any>;

function issuesToDetails(where: string, error: z.ZodError) {
  return error.issues.flatMap((issue) => {
    // An unknown field is named by its own path, so the message can stay in plain words.
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    return paths.map((path) => ({
      field: [where, ...path.map(String)].join('.'),
      message: issue.message,
      label: fieldLabel(path),
    }));
  });
}

function parseOrThrow(where: 'body' | 'query' | 'params', schema: z.ZodType | undefined, value: unknown) {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) {
    const details = issuesToDetails(where, result.error);
    const first = details[0];
    // The one line a person reads: the field as the form calls it, never its path.
    const line = first ? (first.label && !first.message.includes(first.label) ? `${first.label}${first.message}` : first.message) : '';
    throw new BadRequestError(line ? `输入有误：${line}` : '输入有误', details);
  }
  return result.data;
}

function checkAccess(access: Access, actor: Me | undefined) {
  if (access === 'public') return;
  if (!actor) throw new UnauthorizedError();
  if (access === 'user') return;
  if (!hasAnyRole(actor, access)) throw new ForbiddenError();
}

function hasBody(ctx: Context) {
  return Number(ctx.get('Content-Length') || 0) > 0 || !!ctx.get('Transfer-Encoding');
}

export function mountRoute(router: Router, route: AnyRoute) {
  router[route.method](route.path, async (ctx) => {
    const user = (ctx.state as AuthState).user;
    checkAccess(route.access, user);
    if (route.body && hasBody(ctx) && !ctx.is('application/json')) {
      throw new AppError(415, 'unsupported_media_type', '提交的内容格式不对，无法读取');
    }
    // A route that takes a body gets one: nothing at all is not an empty change.
    if (route.body && !hasBody(ctx)) throw new BadRequestError('输入有误：缺少请求内容', [{ field: 'body', message: '缺少请求内容' }]);
    const input = {
      params: parseOrThrow('params', route.params, { ...ctx.params }),
      query: parseOrThrow('query', route.query, { ...ctx.query }),
      body: parseOrThrow('body', route.body, (ctx.request as { body?: unknown }).body),
      actor: user,
      ctx,
    };
    const result = await route.handler(input as never);
    if (result === undefined) {
      // The handler wrote the body itself (a file), or there is nothing to say.
      if (ctx.body === undefined || ctx.body === null) ctx.status = route.status ?? 204;
      return;
    }
    if (route.status) ctx.status = route.status;
    ctx.body = result;
  });
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorEnvelope } },
});

/**
 * Every status a route can answer, and why: its success; 400 for input that does not fit; 401/403
 * by its access rule; 404 when it names something by path (or reads a file: the uploads); 409
 * when it changes something (a state that moved on, a second claim); 413/415 when it takes a body
 * or a file; 429, 431 and 503 anywhere (the rate limit, an address too long, the database gone or
 * a query past its time); and what the route declares in `errors`.
 * The OpenAPI document lists these, and the API tests fail on any other (test/support/api.ts).
 */
export function documentedStatuses(route: AnyRoute): number[] {
  const takesInput = !!route.body || route.method === 'post' || route.method === 'put' || route.method === 'patch';
  return [
    route.status ?? 200,
    400,
    ...(route.access === 'public' ? [] : [401]),
    ...(Array.isArray(route.access) ? [403] : []),
    ...(route.params || route.path.includes(':') || route.method !== 'get' ? [404] : []),
    ...(route.method !== 'get' ? [409] : []),
    ...(takesInput ? [413, 415] : []),
    ...(route.errors ?? []),
    429,
    // The HTTP server's own refusal of an address or headers too long (in the envelope too).
    431,
    503,
  ].filter((s, i, all) => all.indexOf(s) === i);
}

const STATUS_WORDS: Record<number, string> = {
  204: '完成，没有内容',
  400: '输入有误',
  401: '未登录或登录已过期',
  403: '没有权限',
  404: '找不到',
  409: '和现在的状态冲突（已处理过、已被占用）',
  413: '提交的内容太大',
  415: '提交的内容格式不对',
  429: '请求太频繁，请稍后再试',
  431: '请求的地址或头部太长',
  503: '服务暂时不可用',
};

export function registerOpenApi(registry: OpenAPIRegistry, prefix: string, route: AnyRoute) {
  const path = (prefix + route.path).replace(/:(\w+)/g, '{$1}');
  const status = route.status ?? 200;
  const config: RouteConfig = {
    method: route.method,
    path,
    summary: route.summary,
    tags: [route.tag],
    'x-access': route.access === 'public' || route.access === 'user' ? route.access : [...route.access],
    request: {
      ...(route.params ? { params: route.params } : {}),
      ...(route.query ? { query: route.query } : {}),
      ...(route.body ? { body: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
    },
    security: route.access === 'public' ? [] : [{ bearer: [] }],
    responses: {
      [status]: route.produces
        ? { description: 'OK', content: { [route.produces]: { schema: { type: 'string', format: 'binary' } } } }
        : route.response
          ? { description: 'OK', content: { 'application/json': { schema: route.response } } }
          : { description: 'OK' },
      ...Object.fromEntries(
        documentedStatuses(route)
          .filter((s) => s !== status)
          .map((s) => [s, s === 204 ? { description: STATUS_WORDS[204] } : errorResponse(STATUS_WORDS[s] ?? '出错')]),
      ),
    },
  } as RouteConfig;
  registry.registerPath(config);
}
