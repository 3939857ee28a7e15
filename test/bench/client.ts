import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Koa from 'koa';
import { chromium } from 'playwright-core';
import { serveH5 } from '../../server/src/http/static';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/e2e-browser';

function folderBytes(dir: string, skip: (path: string) => boolean = () => false): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (skip(path)) continue;
    const stats = statSync(path);
    total += stats.isDirectory() ? folderBytes(path, skip) : stats.size;
  }
  return total;
}

/** Main package and subpackage sizes of the weapp build, as WeChat counts them (files under each root). */
export function weappSizes(root: string) {
  const dist = join(root, 'miniprogram', 'dist', 'weapp');
  const packagesDir = join(dist, 'packages');
  const subpackages = existsSync(packagesDir)
    ? Object.fromEntries(readdirSync(packagesDir).map((name) => [name, folderBytes(join(packagesDir, name))]))
    : {};
  const main = folderBytes(dist, (path) => path === packagesDir || path.endsWith('project.config.json') || path.endsWith('.map'));
  return { mainBytes: main, subpackages, totalBytes: main + Object.values(subpackages).reduce((a, b) => a + b, 0) };
}

async function serveStatic(dir: string) {
  const app = new Koa();
  app.use(serveH5(dir));
  const server = createServer(app.callback());
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((d) => server.close(d)) };
}

/** Milliseconds from navigation to `selector` being visible, the median of `runs` cold loads. */
async function timeToVisible(url: string, selector: string, runs: number): Promise<number> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
      const page = await context.newPage();
      const started = Date.now();
      await page.goto(url);
      await page.locator(selector).first().waitFor({ state: 'visible', timeout: 30_000 });
      times.push(Date.now() - started);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/**
 * The client side: weapp package sizes, and how long the H5 home page takes to show its content
 * beside a blank Taro page built the same way (the floor), both served from this machine.
 */
export async function measureClient(root: string, appBaseUrl?: string) {
  const sizes = weappSizes(root);
  const blankDir = join(root, 'miniprogram', 'dist', 'h5-blank');
  if (!existsSync(join(blankDir, 'index.html'))) {
    const build = spawnSync('npm', ['run', 'build:h5', '-w', 'miniprogram'], { cwd: root, stdio: 'inherit', env: { ...process.env, QF_BLANK_APP: '1' } });
    if (build.status !== 0) throw new Error('building the blank H5 app failed');
  }
  const blank = await serveStatic(blankDir);
  let blankMs: number;
  let homeMs: number | null = null;
  try {
    blankMs = await timeToVisible(`${blank.url}/`, '.blank', 5);
    // The home page's content: its entry tiles, drawn while sign-in runs (they need no account).
    if (appBaseUrl) homeMs = await timeToVisible(`${appBaseUrl}/`, '.entry__title', 5);
  } finally {
    await blank.close();
  }
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  const markdown = [
    '| measure | value | floor / budget |',
    '|---|---:|---:|',
    `| weapp main package | ${kb(sizes.mainBytes)} | budget 1024 KB |`,
    ...Object.entries(sizes.subpackages).map(([name, bytes]) => `| weapp subpackage ${name} | ${kb(bytes)} | limit 2048 KB |`),
    `| weapp total | ${kb(sizes.totalBytes)} | |`,
    `| H5 blank Taro page: text visible (median of 5) | ${blankMs} ms | floor |`,
    ...(homeMs !== null ? [`| H5 home page: content visible (median of 5) | ${homeMs} ms | ${(homeMs / blankMs).toFixed(2)}× floor (target ≤ 2×) |`] : []),
  ].join('\n');
  return { weapp: sizes, h5: { blankMs, homeMs, ratio: homeMs !== null ? homeMs / blankMs : null }, markdown };
}
