import { z } from 'zod';
import {
  CreateLedgerRecordBody,
  DecideLedgerRecordBody,
  LedgerRecord,
  LedgerRecordListQuery,
  LedgerRecordPage,
  LedgerRecordParams,
  MyLedger,
  PointsRule,
  PointsRuleBody,
  TownshipLedger,
  TownshipLedgerQuery,
  Year,
  YearParams,
  townshipName,
} from '@qf/shared';
import { defineRoute, type AnyRoute } from '../../http/route';
import { ledgerWorkbook } from './ledger.export';
import type { LedgerRecords } from './ledger.records';
import type { LedgerRules } from './ledger.rules';
import type { LedgerSummary } from './ledger.summary';

const tag = 'ledger';
const STAFF = ['township_staff', 'county_admin'] as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function ledgerRoutes(deps: { records: LedgerRecords; rules: LedgerRules; summary: LedgerSummary }): AnyRoute[] {
  const { records, rules, summary } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/ledger/me',
      summary: '我的台账（一人一档）：讲座、答题、记一笔的记录和积分',
      tag,
      access: ['literate'],
      query: z.strictObject({ year: Year.optional() }),
      response: MyLedger,
      handler: ({ actor, query }) => summary.mine(actor, query.year),
    }),
    defineRoute({
      method: 'post',
      path: '/ledger/records',
      summary: '记一笔：法律明白人记录线下做的事（宣传、调解、信息报送、代办）',
      tag,
      access: ['literate'],
      body: CreateLedgerRecordBody,
      response: LedgerRecord,
      status: 201,
      handler: ({ actor, body }) => records.create(actor, body),
    }),
    defineRoute({
      method: 'get',
      path: '/ledger/records',
      summary: '本乡镇的记一笔记录（审核队列）',
      tag,
      access: STAFF,
      query: LedgerRecordListQuery,
      response: LedgerRecordPage,
      handler: ({ actor, query }) => records.list(actor, query),
    }),
    defineRoute({
      method: 'post',
      path: '/ledger/records/:id/decision',
      summary: '通过或退回一条记录（只能审核一次）',
      tag,
      access: STAFF,
      params: LedgerRecordParams,
      body: DecideLedgerRecordBody,
      response: LedgerRecord,
      handler: ({ actor, params, body }) => records.decide(actor, params.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/ledger/township',
      errors: [404],
      summary: '乡镇台账：每位法律明白人的年度情况和积分，标出连续 90 天无记录的人',
      tag,
      access: STAFF,
      query: TownshipLedgerQuery,
      response: TownshipLedger,
      handler: ({ actor, query }) => summary.township(actor, query.townshipCode, query.year),
    }),
    defineRoute({
      method: 'get',
      path: '/ledger/township.xlsx',
      summary: '导出乡镇台账（Excel：汇总表和每人一页）',
      tag,
      access: STAFF,
      query: TownshipLedgerQuery,
      produces: XLSX,
      handler: async ({ actor, query, ctx }) => {
        const table = await summary.township(actor, query.townshipCode, query.year);
        const docs = await records.ofTownship(query.townshipCode, table.year);
        const dtos = await records.dtos(docs.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime()));
        const buffer = await ledgerWorkbook(table, (p) => dtos.filter((r) => r.userId === p.userId));
        const filename = `${townshipName(query.townshipCode)}法律明白人台账-${table.year}.xlsx`;
        ctx.type = XLSX;
        ctx.set('Content-Disposition', `attachment; filename="ledger-${table.year}.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`);
        ctx.set('Cache-Control', 'no-store');
        ctx.body = buffer;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/ledger/rules/:year',
      summary: '某年的积分规则（每类积分和每日上限）',
      tag,
      access: STAFF,
      params: YearParams,
      response: PointsRule,
      handler: ({ params }) => rules.get(params.year),
    }),
    defineRoute({
      method: 'put',
      path: '/ledger/rules/:year',
      summary: '设置某年的积分规则（县管理员；往年的不能改）',
      tag,
      access: ['county_admin'],
      params: YearParams,
      body: PointsRuleBody,
      response: PointsRule,
      handler: ({ actor, params, body }) => rules.set(actor, params.year, body),
    }),
  ];
}

