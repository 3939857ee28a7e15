import { z } from 'zod';
import { LexiconEntry, LexiconEntryInput, LexiconIdParams, SearchQuery, SearchResult } from '@qf/shared';
import { defineRoute, type AnyRoute } from '../../http/route';
import type { SearchService } from './search.service';

export function searchRoutes(search: SearchService): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/search',
      summary: '用大白话查民法典条文、题库题目和已答问答（kinds=article,question,faq），也可输入条文编号',
      tag: 'search',
      access: 'public',
      query: SearchQuery,
      response: SearchResult,
      handler: ({ query, actor }) => search.search(actor, query),
    }),
    defineRoute({
      method: 'get',
      path: '/search/lexicon',
      summary: '俗话词表（随项目发布的词条和县里加的词条，含停用记录）',
      tag: 'search',
      access: ['county_admin'],
      response: z.object({ items: z.array(LexiconEntry) }),
      handler: async () => ({ items: await search.listLexicon() }),
    }),
    defineRoute({
      method: 'post',
      path: '/search/lexicon',
      summary: '县管理员加一个俗话词条：俗话 → 民法典用语（或设为不算数的词），立即生效',
      tag: 'search',
      access: ['county_admin'],
      body: LexiconEntryInput,
      response: LexiconEntry,
      status: 201,
      handler: ({ body, actor }) => search.addLexicon(actor, body),
    }),
    defineRoute({
      method: 'post',
      path: '/search/lexicon/:id/retire',
      summary: '县管理员停用一个俗话词条（记下谁、何时），立即生效',
      tag: 'search',
      access: ['county_admin'],
      params: LexiconIdParams,
      response: LexiconEntry,
      handler: ({ params, actor }) => search.retireLexicon(actor, params.id),
    }),
  ];
}
