import { timingSafeEqual } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MongoClient } from 'mongodb';
import { UnauthorizedError } from '../../http/errors';
import { listBackups } from '../../ops/backup';

/**
 * The server's health in the Prometheus text format (prom-client): requests by route and status with
 * their latency, database commands with theirs, event-loop delay and process figures (prom-client's
 * defaults), periodic task runs and failures, and the age of the newest backup.
 *
 * The request path pays for one clock read and one histogram observation: the labelled child is
 * kept per (method, route, status), so no label object is hashed per request.
 */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const DB_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5];

export interface Metrics {
  registry: Registry;
  /** First in the app: times every request and labels it with its route pattern, not its URL. */
  requests: Middleware;
  /** `GET /metrics`, for this machine or a bearer of METRICS_TOKEN. */
  endpoint: Middleware;
  /** Times the driver's commands (needs `monitorCommands`, see db/connect.ts). */
  watchDatabase(client: MongoClient): void;
  /** The scheduler reports each run here. */
  observeTask(task: string, seconds: number, ok: boolean): void;
}

function isLoopback(address: string | undefined) {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function sameSecret(given: string, expected: string) {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createMetrics(options: { token?: string; backupDir: string }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

  const http = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status, with their latency (the _count series counts requests)',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const children = new Map<string, ReturnType<typeof http.labels>>();

  const dbCommands = new Histogram({
    name: 'db_command_duration_seconds',
    help: 'Database commands by name and outcome, with their latency as the driver saw it',
    labelNames: ['command', 'outcome'] as const,
    buckets: DB_BUCKETS,
    registers: [registry],
  });

  const taskRuns = new Counter({
    name: 'periodic_task_runs_total',
    help: 'Runs of periodic tasks by task and outcome (ok, failed)',
    labelNames: ['task', 'outcome'] as const,
    registers: [registry],
  });
  const taskDuration = new Histogram({
    name: 'periodic_task_duration_seconds',
    help: 'How long periodic task runs took',
    labelNames: ['task'] as const,
    buckets: [0.01, 0.1, 1, 10, 60, 600],
    registers: [registry],
  });

  new Gauge({
    name: 'backup_last_age_seconds',
    help: 'Seconds since the newest archive in BACKUP_DIR was taken (-1: none there)',
    registers: [registry],
    collect() {
      const newest = listBackups(options.backupDir)[0];
      this.set(newest ? (Date.now() - newest.takenAt.getTime()) / 1000 : -1);
    },
  });

  const requests: Middleware = async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const route = (ctx as Context & { _matchedRoute?: string })._matchedRoute ?? (ctx.path.startsWith('/api/') ? 'unmatched' : 'static');
      const key = `${ctx.method} ${route} ${ctx.status}`;
      let child = children.get(key);
      if (!child) {
        child = http.labels(ctx.method, String(route), String(ctx.status));
        children.set(key, child);
      }
      child.observe((performance.now() - started) / 1000);
    }
  };

  const endpoint: Middleware = async (ctx, next) => {
    if (ctx.path !== '/metrics' || ctx.method !== 'GET') return next();
    const header = ctx.get('Authorization');
    const bearer = header.startsWith('Bearer ') ? header.slice(7) : '';
    // "This machine" is the socket's own address, and only when no proxy forwarded the request:
    // behind a reverse proxy on the same host every request arrives from 127.0.0.1.
    const local = isLoopback(ctx.req.socket.remoteAddress) && !ctx.get('X-Forwarded-For') && !ctx.get('Forwarded');
    const allowed = (options.token !== undefined && bearer !== '' && sameSecret(bearer, options.token)) || local;
    if (!allowed) throw new UnauthorizedError('查看运行指标需要监控令牌，或在服务器本机上查看');
    ctx.type = registry.contentType;
    ctx.body = await registry.metrics();
  };

  return {
    registry,
    requests,
    endpoint,
    watchDatabase(client) {
      client.on('commandSucceeded', (e) => dbCommands.labels(e.commandName, 'ok').observe(e.duration / 1000));
      client.on('commandFailed', (e) => dbCommands.labels(e.commandName, 'failed').observe(e.duration / 1000));
    },
    observeTask(task, seconds, ok) {
      taskRuns.labels(task, ok ? 'ok' : 'failed').inc();
      taskDuration.labels(task).observe(seconds);
    },
  };
}
