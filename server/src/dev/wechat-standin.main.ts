import { startWechatStandin, WECHAT_TEST_APPID, WECHAT_TEST_SECRET } from './wechat-standin';

/**
 * Runs the WeChat stand-in on its own for `npm start` outside production without an AppID
 * (scripts/start.mjs starts it and passes its address to the server). Prints one JSON line with what
 * the server needs, then serves until it is stopped.
 * Env: STANDIN_PUSH_URL (the server's /api/v1/wechat/push), STANDIN_PUSH_TOKEN (the WECHAT_PUSH_TOKEN).
 */
const pushUrl = process.env.STANDIN_PUSH_URL;
const pushToken = process.env.STANDIN_PUSH_TOKEN;
if (!pushUrl || !pushToken) {
  console.error('wechat stand-in: STANDIN_PUSH_URL and STANDIN_PUSH_TOKEN are required');
  process.exit(2);
}
const standin = await startWechatStandin();
standin.enableContentSecurity({ pushUrl, pushToken, delayMs: 1000 });
process.stdout.write(`${JSON.stringify({ url: standin.url, appid: WECHAT_TEST_APPID, secret: WECHAT_TEST_SECRET })}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void standin.close().then(() => process.exit(0)));
}
