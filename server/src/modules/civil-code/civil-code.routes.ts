import { z } from 'zod';
import {
  ArticleNumberParams,
  ArticleRangeQuery,
  ChapterParams,
  CivilCodeArticle,
  CivilCodeChapter,
  CivilCodeSearchQuery,
  CivilCodeSearchResult,
  CivilCodeToc,
  ConstitutionArticle,
} from '@qf/shared';
import type { Context } from 'koa';
import { defineRoute, type AnyRoute } from '../../http/route';
import type { CivilCodeService } from './civil-code.service';

/** The statute does not change while the server runs: let clients and proxies keep it a day. */
function cacheable(ctx: Context) {
  ctx.set('Cache-Control', 'public, max-age=86400');
}

const ConstitutionToc = z.object({
  title: z.string(),
  articleCount: z.number().int(),
  preamble: z.array(z.string()),
  chapters: z.array(
    z.object({
      title: z.string(),
      from: z.number().int(),
      to: z.number().int(),
      sections: z.array(z.object({ title: z.string(), from: z.number().int(), to: z.number().int() })),
    }),
  ),
});

export function civilCodeRoutes(civilCode: CivilCodeService): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/civil-code/toc',
      summary: '民法典目录：各编、各章（含分编、节）及其条文范围',
      tag: 'civil-code',
      access: 'public',
      response: CivilCodeToc,
      handler: ({ ctx }) => {
        cacheable(ctx);
        return civilCode.toc();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/civil-code/search',
      summary: '按关键词（空格分隔，须同时出现）或条文编号查找民法典条文，分页',
      tag: 'civil-code',
      access: 'public',
      query: CivilCodeSearchQuery,
      response: CivilCodeSearchResult,
      handler: ({ ctx, query }) => {
        cacheable(ctx);
        return civilCode.search(query);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/civil-code/articles',
      summary: '一次读取多条民法典条文（numbers=1043,1044，最多 20 条）',
      tag: 'civil-code',
      access: 'public',
      query: ArticleRangeQuery,
      response: z.object({ items: z.array(CivilCodeArticle) }),
      handler: ({ ctx, query }) => {
        cacheable(ctx);
        return { items: civilCode.articles([...new Set(query.numbers.split(',').map(Number))]) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/civil-code/articles/:number',
      summary: '按编号读取一条民法典条文：1043、第1043条 或 第一千零四十三条',
      tag: 'civil-code',
      access: 'public',
      params: ArticleNumberParams,
      response: CivilCodeArticle,
      handler: ({ ctx, params }) => {
        const article = civilCode.getArticle(params.number);
        cacheable(ctx);
        return article;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/civil-code/books/:book/chapters/:chapter',
      summary: '按编和章浏览民法典（章号在编内从 1 起算），附上一章、下一章',
      tag: 'civil-code',
      access: 'public',
      params: ChapterParams,
      response: CivilCodeChapter,
      handler: ({ ctx, params }) => {
        const chapter = civilCode.chapter(params.book, params.chapter);
        cacheable(ctx);
        return chapter;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/constitution/toc',
      summary: '宪法目录与序言',
      tag: 'civil-code',
      access: 'public',
      response: ConstitutionToc,
      handler: ({ ctx }) => {
        cacheable(ctx);
        return civilCode.constitution.toc();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/constitution/articles/:number',
      summary: '按编号读取一条宪法条文：33、第33条 或 第三十三条',
      tag: 'civil-code',
      access: 'public',
      params: ArticleNumberParams,
      response: ConstitutionArticle,
      handler: ({ ctx, params }) => {
        const article = civilCode.constitution.getArticle(params.number);
        cacheable(ctx);
        return article;
      },
    }),
  ];
}
