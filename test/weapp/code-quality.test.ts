import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/e2e-server';

/**
 * WeChat's own code-quality scan (the 代码质量 panel of DevTools, as shipped in miniprogram-ci) on the
 * weapp build. It runs offline: the scan reads only local files, so a placeholder appid and
 * private key are enough (no upload, no WeChat server).
 */

const WEAPP_DIST = join(REPO_ROOT, 'miniprogram', 'dist', 'weapp');
/** Our budget for the main package, stricter than WeChat's 1.5 MB check (and its 2 MB hard limit). */
const MAIN_PACKAGE_BUDGET_BYTES = 1024 * 1024;

interface CheckResult {
  name: string;
  success: boolean;
  text: string;
  docURL?: string;
  detail?: unknown;
}

const require = createRequire(import.meta.url);
const ci = require('miniprogram-ci') as {
  Project: new (options: { appid: string; type: 'miniProgram'; projectPath: string; privateKey: string; ignores?: string[] }) => unknown;
  checkCodeQuality(project: unknown): Promise<CheckResult[]>;
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function kb(bytes: number) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

describe('the weapp build', () => {
  it('exists (npm run build:weapp)', () => {
    expect(
      existsSync(join(WEAPP_DIST, 'app.json')),
      `${WEAPP_DIST}/app.json is missing: build the mini-program first with \`npm run build:weapp\``,
    ).toBe(true);
  });

  it("passes every item of WeChat's code-quality scan, with the main package within budget", async () => {
    if (!existsSync(join(WEAPP_DIST, 'app.json'))) throw new Error('no weapp build: run `npm run build:weapp` first');

    // The scan treats an exception inside a check as a pass; make those failures instead.
    const scanErrors: unknown[][] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => scanErrors.push(args);
    let results: CheckResult[];
    try {
      const project = new ci.Project({ appid: 'touristappid', type: 'miniProgram', projectPath: WEAPP_DIST, privateKey: 'offline-scan-needs-no-key' });
      results = await ci.checkCodeQuality(project);
    } finally {
      console.error = originalError;
    }
    expect(scanErrors, 'the scan reported errors').toEqual([]);

    const names = results.map((r) => r.name);
    for (const expected of ['PACKAGE_SIZE_LIMIT', 'JS_COMPRESS_OPEN', 'WXML_COMPRESS_OPEN', 'WXSS_COMPRESS_OPEN', 'LAZYCODE_LOADING_OPEN', 'IMAGE_AND_AUDIO_LIMIT', 'CONTAINS_UNUSED_CODES']) {
      expect(names).toContain(expected);
    }
    const failed = results.filter((r) => !r.success).map((r) => `${r.name}: ${r.text} ${JSON.stringify(r.detail ?? '')}`);
    expect(failed).toEqual([]);

    // Stricter than the scan: with ignoreUploadUnusedFiles on it passes even with unused files, so look at the list.
    const unused = results.find((r) => r.name === 'CONTAINS_UNUSED_CODES')?.detail;
    expect(unused, 'files no page uses').toEqual([]);

    const sizes = results.find((r) => r.name === 'PACKAGE_SIZE_LIMIT')?.detail as Record<string, number>;
    const main = sizes.__APP__;
    expect(main).toBeTypeOf('number');
    console.info(
      `weapp packages: ${Object.entries(sizes)
        .map(([name, bytes]) => `${name === '__APP__' ? 'main' : name} ${kb(bytes)}`)
        .join(', ')} (main-package budget ${kb(MAIN_PACKAGE_BUDGET_BYTES)})`,
    );
    expect(main).toBeLessThanOrEqual(MAIN_PACKAGE_BUDGET_BYTES);
  }, 120_000);

  it('is minified for real, not only flagged so', () => {
    const scripts = filesUnder(WEAPP_DIST).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const file of scripts) {
      const text = readFileSync(file, 'utf8');
      const lines = text.split('\n').length;
      expect(lines, `${relative(WEAPP_DIST, file)} looks unminified`).toBeLessThanOrEqual(Math.max(5, text.length / 2000));
    }
  });

  it('carries no zod: the pages import only shared/src/data and rules, and validation stays on the server', () => {
    const h5 = join(REPO_ROOT, 'miniprogram', 'dist', 'h5');
    const scripts = [...filesUnder(WEAPP_DIST), ...(existsSync(h5) ? filesUnder(h5) : [])].filter((f) => f.endsWith('.js'));
    // Strings zod's runtime always carries, however it is minified.
    const withZod = scripts.filter((f) => /ZodError|\$ZodType/.test(readFileSync(f, 'utf8')));
    expect(withZod.map((f) => relative(REPO_ROOT, f))).toEqual([]);
  });

  it('is opened by DevTools through the root project.config.json with the same release settings', () => {
    const root = JSON.parse(readFileSync(join(REPO_ROOT, 'project.config.json'), 'utf8'));
    const copy = JSON.parse(readFileSync(join(WEAPP_DIST, 'project.config.json'), 'utf8'));
    expect(root.miniprogramRoot).toBe('miniprogram/dist/weapp/');
    expect(root.compileType).toBe('miniprogram');
    expect(root.setting).toMatchObject({ minified: true, minifyWXML: true, minifyWXSS: true, es6: true });
    expect(copy.setting).toEqual(root.setting);
    const app = JSON.parse(readFileSync(join(WEAPP_DIST, 'app.json'), 'utf8'));
    expect(app.lazyCodeLoading).toBe('requiredComponents');
  });

  it('has the five tabs, each with its page and both icons', () => {
    const app = JSON.parse(readFileSync(join(WEAPP_DIST, 'app.json'), 'utf8')) as {
      pages: string[];
      tabBar: { list: { pagePath: string; text: string; iconPath: string; selectedIconPath: string }[] };
    };
    expect(app.tabBar.list.map((t) => t.text)).toEqual(['首页', '讲座', '答题', '导览', '我的']);
    expect(app.pages[0]).toBe('pages/home/index');
    for (const tab of app.tabBar.list) {
      expect(app.pages).toContain(tab.pagePath);
      for (const file of [`${tab.pagePath}.js`, `${tab.pagePath}.json`, `${tab.pagePath}.wxml`, tab.iconPath, tab.selectedIconPath]) {
        expect(existsSync(join(WEAPP_DIST, file)), file).toBe(true);
      }
    }
  });
});
