import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { parseConfig } from './config';
import { createLogger } from './logger';
import { createApp } from './app';
import { connectDatabase, pingDatabase } from './db/connect';
import { startFerretdb, type EmbeddedDatabase } from './db/ferretdb';
import { createWechatClient } from './modules/wechat/wechat.client';
import { startScheduler } from './jobs/scheduler';
import { createHttpServer } from './http/server';
import { createDrain } from './http/drain';
import { createLoadMonitor } from './http/overload';
import { runSeeders } from './seed';
import { announceEmbedded, withdrawEmbedded } from './ops/database';

const SHUTDOWN_DEADLINE_MS = 9000;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

async function main() {
  const config = parseConfig();
  const logger = createLogger(config.logLevel);
  if (config.session.secretIsEphemeral) logger.warn('SESSION_SECRET is not set: using a random one, sessions end when the server restarts');
  if (config.devLogin) logger.warn('DEV_LOGIN is on: anybody can sign in as any development identity');

  let embedded: EmbeddedDatabase | undefined;
  let uri = config.mongodbUri;
  if (!uri) {
    embedded = await startFerretdb({ dataDir: join(resolve(config.dataDir), 'ferretdb') });
    uri = embedded.uri;
    logger.info({ port: embedded.port, dataDir: config.dataDir }, 'embedded FerretDB started');
    // `npm run backup` and friends connect to this FerretDB rather than start a second one on the folder.
    announceEmbedded(config.dataDir, embedded.uri);
    embedded.process.once('exit', (code) => {
      if (!shuttingDown) logger.error({ code }, 'embedded FerretDB exited unexpectedly');
    });
  }
  await connectDatabase(uri);

  const h5Dir = config.h5Dir ? resolve(config.h5Dir) : join(repoRoot, 'miniprogram', 'dist', 'h5');
  const loadMonitor = createLoadMonitor();
  const { app, tasks, seeders, metrics } = createApp({
    loadMonitor,
    config: { ...config, h5Dir },
    logger,
    wechat: createWechatClient(config.wechat),
    pingDatabase,
  });

  let shuttingDown = false;
  const drain = createDrain();
  app.middleware.unshift(drain.middleware);

  await runSeeders(seeders, { sample: config.seedSampleData, logger, now: new Date() });
  const scheduler = startScheduler(tasks, { logger, clock: () => new Date(), observe: metrics.observeTask });
  const server = createHttpServer(app);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((done) => server.listen(config.port, config.host, done));
  loadMonitor.reset(); // compiling, connecting and seeding are not overload
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, h5Dir }, `清丰普法 listening on http://localhost:${port}/`);

  async function shutdown(signal: string) {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    const force = setTimeout(() => {
      logger.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    force.unref();
    scheduler.stop();
    // Requests already in flight finish; new ones meanwhile get 503 from the drain middleware.
    await drain.begin(SHUTDOWN_DEADLINE_MS - 2000);
    await new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    });
    await mongoose.disconnect().catch((err) => logger.warn({ err }, 'database disconnect failed'));
    if (embedded) withdrawEmbedded(config.dataDir);
    await embedded?.stop();
    logger.info('stopped');
    process.exit(0);
  }
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
