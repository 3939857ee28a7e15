import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { inject } from 'vitest';
import { ErrorEnvelope, type Role, type Session } from '@qf/shared';
import { createApp } from '../../server/src/app';
import { createHttpServer } from '../../server/src/http/server';
import { documentedStatuses } from '../../server/src/http/route';
import { parseConfig } from '../../server/src/config';
import { connectDatabase, pingDatabase } from '../../server/src/db/connect';
import { createLogger } from '../../server/src/logger';
import { createWechatClient } from '../../server/src/modules/wechat/wechat.client';
import { User } from '../../server/src/modules/users/users.model';
import { startWechatStandin, WECHAT_TEST_APPID, WECHAT_TEST_SECRET, type WechatStandin } from './wechat-standin';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as-is, for malformed-input tests. */
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
}

export interface TestApi {
  baseUrl: string;
  wechat: WechatStandin;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** Signs in through the development login and gives the user the roles asked for. */
  loginAs(name: string, options?: { roles?: Role[]; townshipCode?: string; staffTownshipCode?: string }): Promise<Session>;
  routes: ReturnType<typeof createApp>['routes'];
  /** Timed work; tests call `task.run(now)` with the instant they want instead of waiting. */
  tasks: ReturnType<typeof createApp>['tasks'];
  services: ReturnType<typeof createApp>['services'];
  /** A temporary folder for this suite's uploads. */
  dataDir: string;
  close(): Promise<void>;
}

/**
 * A fresh app over real HTTP, on a database of its own inside the run's FerretDB. The WeChat API
 * is the local stand-in. `env` overrides configuration for one suite.
 */
export async function startTestApi(env: Record<string, string> = {}, options: { clock?: () => Date } = {}): Promise<TestApi> {
  const { clock } = options;
  const wechat = await startWechatStandin();
  const dataDir = mkdtempSync(join(tmpdir(), 'qf-api-'));
  const config = parseConfig({
    DATA_DIR: dataDir,
    NODE_ENV: 'test',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    DEV_LOGIN: '1',
    WECHAT_API_BASE: wechat.url,
    WECHAT_APPID: WECHAT_TEST_APPID,
    WECHAT_SECRET: WECHAT_TEST_SECRET,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000',
    // Suites fire bursts on a two-core machine; shedding is tested on its own.
    LOAD_SHED_DELAY_MS: '60000',
    WECHAT_PUSH_TOKEN: 'standinpushtoken',
    ...env,
  });
  const dbName = `t_${randomBytes(6).toString('hex')}`;
  await connectDatabase(inject('mongoUri'), dbName);
  const { app, routes, tasks, services } = createApp({
    config,
    logger: createLogger('silent'),
    wechat: createWechatClient(config.wechat),
    pingDatabase,
    ...(clock ? { clock } : {}),
  });
  const server: Server = createHttpServer(app);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    let body: string | Uint8Array | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const res = await fetch(baseUrl + path, { method, headers, body: body as BodyInit | undefined });
    const text = await res.text();
    let parsed: unknown = text;
    const json = (res.headers.get('content-type') ?? '').includes('json') && !!text;
    if (json) parsed = JSON.parse(text);
    checkAgainstContract(method, path, res.status, json ? parsed : undefined);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  // The API's own description of each route, checked on every answer a test receives: a status the
  // route does not document, a success body that does not fit its response schema, or an error
  // outside the one envelope fails the test that saw it (so the OpenAPI document cannot drift).
  const matchers = routes.map((route) => ({
    route,
    pattern: new RegExp(`^/api/v1${route.path.replace(/:(\w+)/g, '[^/]+')}$`),
  }));
  function checkAgainstContract(method: string, path: string, status: number, json: unknown) {
    const bare = path.split('?')[0]!;
    const match = matchers.find((m) => m.route.method === method.toLowerCase() && m.pattern.test(bare));
    if (!match) return;
    const { route } = match;
    const where = `${method} ${path.length > 120 ? `${path.slice(0, 120)}…` : path} (route ${route.method.toUpperCase()} ${route.path})`;
    const documented = documentedStatuses(route);
    if (!documented.includes(status)) throw new Error(`${where} answered ${status}, which it does not document (${documented.join(', ')}): ${JSON.stringify(json)?.slice(0, 300)}`);
    if (status >= 400) {
      const envelope = ErrorEnvelope.safeParse(json);
      if (!envelope.success) throw new Error(`${where} answered ${status} outside the error envelope: ${JSON.stringify(json)?.slice(0, 300)}`);
      return;
    }
    if (route.response && json !== undefined) {
      const fit = route.response.safeParse(json);
      if (!fit.success) throw new Error(`${where} answered a body that does not fit its response schema: ${fit.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
  }

  return {
    baseUrl,
    wechat,
    routes,
    tasks,
    services,
    dataDir,
    request,
    async loginAs(name, options = {}) {
      const res = await request<Session>('POST', '/api/v1/auth/dev', { body: { name } });
      if (res.status !== 200) throw new Error(`dev login failed: ${res.status} ${JSON.stringify(res.body)}`);
      if (options.roles || options.townshipCode || options.staffTownshipCode) {
        await User.updateOne(
          { _id: res.body.user.id },
          {
            $set: {
              ...(options.roles ? { roles: ['resident', ...options.roles] } : {}),
              ...(options.townshipCode ? { townshipCode: options.townshipCode } : {}),
              ...(options.staffTownshipCode ? { staffTownshipCode: options.staffTownshipCode } : {}),
            },
          },
        );
        const me = await request<Session['user']>('GET', '/api/v1/me', { token: res.body.token });
        return { ...res.body, user: me.body };
      }
      return res.body;
    },
    async close() {
      await new Promise<void>((done) => server.close(() => done()));
      await mongoose.connection.dropDatabase().catch(() => undefined);
      await mongoose.disconnect();
      await wechat.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
