// The WeChat stand-in lives with the server (server/src/dev) because `npm start` runs the same one
// outside production; tests use it from here.
export * from '../../server/src/dev/wechat-standin';
