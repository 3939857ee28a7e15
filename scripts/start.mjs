#!/usr/bin/env node
// `npm start`: builds what is missing (FerretDB, the H5 app), then runs the server, which starts the
// embedded database on ./data, seeds sample data and serves the API and the H5 app on one port.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFerretdb } from './install-ferretdb.mjs';
import { serverNodeFlags } from './server-flags.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.env.NODE_ENV === 'production';

if (!process.env.MONGODB_URI) ensureFerretdb();

if (!existsSync(join(root, 'miniprogram', 'dist', 'h5', 'index.html'))) {
  console.log('[start] building the H5 app (once)…');
  const build = spawnSync('npm', ['run', 'build:h5', '-w', 'miniprogram'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Outside production the start command is a local demo: the development login is on, and the
// development identity "admin" is a county admin, so every screen can be tried in a browser.
const env = { ...process.env };
const children = [];
if (!production) {
  env.DEV_LOGIN ??= '1';
  env.BOOTSTRAP_ADMIN_OPENIDS ??= 'dev:admin';
  // Without an AppID, WeChat's content checks (msgSecCheck, mediaCheckAsync) go to a local stand-in
  // that speaks their protocol, so posts can be submitted and reviewed; the server marks such posts
  // as checked by the stand-in. Production refuses to start without a real AppID (server/src/config.ts).
  if (!env.WECHAT_APPID) Object.assign(env, await startStandin(env));
}

async function startStandin(env) {
  const pushToken = env.WECHAT_PUSH_TOKEN ?? `standin${randomBytes(8).toString('hex')}`;
  const port = env.PORT ?? '3000';
  const standin = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'src', 'dev', 'wechat-standin.main.ts')], {
    cwd: root,
    env: { ...process.env, STANDIN_PUSH_URL: `http://127.0.0.1:${port}/api/v1/wechat/push`, STANDIN_PUSH_TOKEN: pushToken },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(standin);
  const [line] = await Promise.race([
    createInterface({ input: standin.stdout })[Symbol.asyncIterator]().next().then((r) => [r.value]),
    new Promise((_, fail) => standin.once('exit', (code) => fail(new Error(`the WeChat stand-in exited (${code})`)))),
  ]);
  const { url, appid, secret } = JSON.parse(line);
  console.log(`[start] no WECHAT_APPID: WeChat's content checks go to a local stand-in at ${url}`);
  return { WECHAT_API_BASE: url, WECHAT_APPID: appid, WECHAT_SECRET: secret, WECHAT_PUSH_TOKEN: pushToken, WECHAT_STANDIN: '1' };
}

const server = spawn(process.execPath, [...serverNodeFlags(), '--import', 'tsx', join(root, 'server', 'src', 'main.ts')], { cwd: root, env, stdio: 'inherit' });
children.push(server);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => children.forEach((child) => child.kill(signal)));
server.on('exit', (code, signal) => {
  for (const child of children) if (child !== server) child.kill('SIGTERM');
  process.exit(code ?? (signal ? 1 : 0));
});
