import type { Context } from 'koa';
import type Router from '@koa/router';
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ErrorEnvelope, type Role } from '@qf/shared';
import { AppError, BadRequestError, ForbiddenError, UnauthorizedError } from './errors';
import { hasAnyRole, type AuthState, type AuthUser } from './auth';
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
  user: A extends 'public' ? AuthUser | undefined : AuthUser;
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

function checkAccess(access: Access, user: AuthUser | undefined) {
  if (access === 'public') return;
  if (!user) throw new UnauthorizedError();
  if (access === 'user') return;
  if (!hasAnyRole(user, access)) throw new ForbiddenError();
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
    const input = {
      params: parseOrThrow('params', route.params, { ...ctx.params }),
      query: parseOrThrow('query', route.query, { ...ctx.query }),
      body: parseOrThrow('body', route.body, (ctx.request as { body?: unknown }).body),
      user,
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
      400: errorResponse('输入有误'),
      ...(route.access === 'public' ? {} : { 401: errorResponse('未登录或登录已过期') }),
      ...(Array.isArray(route.access) ? { 403: errorResponse('没有权限') } : {}),
    },
  } as RouteConfig;
  registry.registerPath(config);
}
