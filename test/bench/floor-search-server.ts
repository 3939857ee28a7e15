import Koa from 'koa';
import Router from '@koa/router';
import { serveAndPrintPort } from './serve-koa';
import { createCivilCodeService } from '../../server/src/modules/civil-code/civil-code.service';
import { createSearchEngine } from '../../server/src/modules/search/search.engine';
import { parseLexicon } from '../../server/src/modules/search/lexicon';
import { articleSource } from '../../server/src/modules/search/sources';
import { questionSearchSource } from '../../server/src/modules/quiz/questions.search';
import { SEED_QUESTIONS } from '../../server/src/modules/quiz/data/questions';

/**
 * The search scenario's second floor: a bare Koa app (as floor-server.ts, in a process of its own so
 * the first floor stays bare) calling the search engine over what the app's search holds in the
 * bench — the statute and the shipped question bank — with no database, middleware or validation.
 * Between it and the first floor lies what the engine and its answer cost on this machine; between
 * it and the app's search row, what the app's HTTP stack adds.
 */
const civilCode = createCivilCodeService();
const engine = createSearchEngine(civilCode, parseLexicon());
engine.register(articleSource(civilCode.articles(Array.from({ length: civilCode.articleCount }, (_, i) => i + 1))));
engine.register(questionSearchSource({ activeQuestions: async () => SEED_QUESTIONS.map((q) => ({ ...q, status: 'active' })) as never }));
await engine.reload('article');
await engine.reload('question');

const app = new Koa();
const router = new Router({ prefix: '/api/v1' });
router.get('/search', (ctx) => {
  ctx.body = engine.search(String(ctx.query.q ?? ''), ['article', 'question', 'faq'], 10);
});
app.use(router.routes());
serveAndPrintPort(app);
