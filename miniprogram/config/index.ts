import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import type WebpackChain from 'webpack-chain';
import devConfig from './dev';
import prodConfig from './prod';

/**
 * One Taro codebase, two targets:
 *   weapp → dist/weapp (the product; open the repository root in WeChat DevTools)
 *   h5    → dist/h5    (served by the Koa server with an SPA fallback; staff desktops and e2e tests)
 */
const appRoot = path.resolve(__dirname, '..');
/**
 * `@qf/shared` is TypeScript source in a workspace folder. node_modules/@qf/shared is a symlink;
 * webpack resolves symlinks to the real path (../shared/src), which lies outside src/, so the
 * script rule has to be told to compile it.
 */
const sharedSource = path.resolve(appRoot, '../shared/src');
/**
 * zod (used by @qf/shared) ships modern syntax; transpile it for weapp so the package runs on older
 * WeChat clients without relying on DevTools' "enhanced compile".
 */
const modernDependencies = (file: string) => /[\\/]node_modules[\\/]zod[\\/]/.test(file);

/**
 * Where the weapp build sends API requests. H5 is always same-origin (/api/v1).
 * Set TARO_APP_API_BASE at build time, e.g. `TARO_APP_API_BASE=https://pufa.example.cn npm run build:weapp`.
 */
const apiBase = (process.env.TARO_APP_API_BASE || 'http://localhost:3000').replace(/\/+$/, '');

/**
 * @qf/shared re-exports every contract and rule (and their dependencies, such as the lunar calendar)
 * from one index. Its modules have no side effects, so let webpack drop the ones a page never uses;
 * otherwise every addition to shared would land in the mini-program's main package.
 */
function treeShakeShared(chain: WebpackChain) {
  // webpack-chain's typings lack Rule#sideEffects; set() writes the same option.
  chain.module.rule('qf-shared-side-effect-free').test(sharedSource).set('sideEffects', false);
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'qingfeng-pufa',
    date: '2025-11-25',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    // QF_BLANK_APP=1 builds the one-page blank app the H5 benchmark uses as its floor (test/bench/client.ts).
    sourceRoot: process.env.QF_BLANK_APP === '1' ? 'bench/blank' : 'src',
    outputRoot: process.env.QF_BLANK_APP === '1' ? `dist/${process.env.TARO_ENV}-blank` : `dist/${process.env.TARO_ENV}`,
    // The DevTools project file lives at the repository root; Taro copies it into dist/weapp with
    // miniprogramRoot "./" so the build folder can also be opened (and scanned by miniprogram-ci) on its own.
    projectConfigName: '../project.config.json',
    plugins: [],
    env: {
      TARO_APP_API_BASE: JSON.stringify(apiBase),
      // 1: read-aloud in WeChat through the 同声传译 plugin (app.config.ts declares it; services/speech.ts uses it).
      TARO_APP_WECHAT_SI: JSON.stringify(process.env.TARO_APP_WECHAT_SI === '1' ? '1' : ''),
    },
    alias: {
      '@': path.resolve(appRoot, 'src'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSource, modernDependencies] },
      webpackChain: treeShakeShared,
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'browser' },
      compile: { include: [sharedSource] },
      webpackChain: treeShakeShared,
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        // Root size follows the screen up to that of a 450px-wide phone; on a desktop the app stays a
        // readable column (body text ≈ 20px) instead of growing to twice a phone's size.
        pxtransform: { enable: true, config: { maxRootSize: 24 } },
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
