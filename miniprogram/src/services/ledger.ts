import type { CreateLedgerRecordBody, DecideLedgerRecordBody, LedgerRecord, LedgerStatus, MyLedger, PointsRule, PointsRuleBody, TownshipLedger, Upload } from '@qf/shared';
import { townshipName } from '@qf/shared';
import { downloadFile, request, uploadFile } from './http';

/** The ledger (一人一档) pages: a 法律明白人's own, the township's table and review, the county's points rule. */
export const LEDGER_PAGES = {
  mine: '/packages/ledger/pages/mine/index',
  record: '/packages/ledger/pages/record/index',
  township: '/packages/ledger/pages/township/index',
  rules: '/packages/ledger/pages/rules/index',
};

export const getMyLedger = (year?: number) => request<MyLedger>('GET', '/ledger/me', { query: { year } });

export const createLedgerRecord = (body: CreateLedgerRecordBody) => request<LedgerRecord>('POST', '/ledger/records', { body });

export const listLedgerRecords = (query: { townshipCode: string; status?: LedgerStatus; limit?: number; offset?: number }) =>
  request<{ items: LedgerRecord[]; total: number; limit: number; offset: number }>('GET', '/ledger/records', { query });

export const decideLedgerRecord = (id: string, body: DecideLedgerRecordBody) => request<LedgerRecord>('POST', `/ledger/records/${encodeURIComponent(id)}/decision`, { body });

export const getTownshipLedger = (townshipCode: string, year?: number) => request<TownshipLedger>('GET', '/ledger/township', { query: { townshipCode, year } });

export const downloadTownshipLedger = (townshipCode: string, year: number) =>
  downloadFile('/ledger/township.xlsx', `${townshipName(townshipCode)}法律明白人台账-${year}.xlsx`, { townshipCode, year });

export const getPointsRule = (year: number) => request<PointsRule>('GET', `/ledger/rules/${year}`);

export const setPointsRule = (year: number, body: PointsRuleBody) => request<PointsRule>('PUT', `/ledger/rules/${year}`, { body });

/** A photo of what was done (a stall, a mediation), sent before the record that names it. */
export const uploadLedgerPhoto = (filePath: string, fileName?: string) => uploadFile<Upload>('/uploads', filePath, { query: { kind: 'image' }, ...(fileName ? { fileName } : {}) });
