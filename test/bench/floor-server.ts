import Koa from 'koa';
import Router from '@koa/router';
import { serveAndPrintPort } from './serve-koa';

/**
 * The floor for every benchmark: a bare Koa app with a router, answering a JSON body shaped and
 * sized like a page of lectures, with no database, validation or auth. Each scenario is reported as
 * a ratio to this, measured in the same run on the same machine.
 */
const items = Array.from({ length: 20 }, (_, i) => ({
  id: `65f0c0ffee00000000000${String(i).padStart(3, '0')}`,
  townshipCode: '410922100',
  townshipName: '城关镇',
  title: `民法典进乡村：第${i + 1}讲 土地承包与宅基地`,
  topics: ['物权', '土地承包'],
  speaker: { name: '张律师', unit: '清丰县公共法律服务协会' },
  venue: { name: '村委会大院', address: '清丰县城关镇某村', location: { latitude: 35.9, longitude: 115.1 } },
  startAt: '2026-12-01T09:00:00.000+08:00',
  endAt: '2026-12-01T10:30:00.000+08:00',
  capacity: 100,
  seatsLeft: 37,
  status: 'published',
}));
const body = { items, total: 340, limit: 20, offset: 0 };

const app = new Koa();
const router = new Router({ prefix: '/api/v1' });
router.get('/floor', (ctx) => {
  ctx.body = body;
});
app.use(router.routes());
serveAndPrintPort(app);
