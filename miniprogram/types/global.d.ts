/// <reference types="@tarojs/taro" />

declare module '*.png' {
  const src: string;
  export default src;
}
declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    /** The platform being built; Taro replaces it at build time. */
    TARO_ENV: 'weapp' | 'h5';
    /** Origin of the API for the weapp build (config/index.ts); unused on H5, which is same-origin. */
    TARO_APP_API_BASE: string;
  }
}
