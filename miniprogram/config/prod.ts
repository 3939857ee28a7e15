import type { UserConfigExport } from '@tarojs/cli';

/**
 * Release builds. JS is minified by terser and WXSS/CSS by csso (Taro's production defaults, spelled
 * out here because WeChat's code-quality scan requires them); WXML minification and ES6 handling are
 * switched on in project.config.json, which is what WeChat's upload reads.
 */
export default {
  terser: { enable: true },
  csso: { enable: true },
  mini: {
    enableSourceMap: false,
  },
  h5: {
    enableSourceMap: false,
  },
} satisfies UserConfigExport<'webpack5'>;
