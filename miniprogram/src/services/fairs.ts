import type {
  CreateFairBody,
  CreateMarketBody,
  Fair,
  FairRecordBody,
  FairReport,
  Market,
  TownshipCode,
  UpdateFairBody,
  UpdateMarketBody,
} from '@qf/shared';
import type { z } from 'zod';
import { request } from './http';

/** What a form sends: fields with server defaults may be left out. */
type In<S extends z.ZodType> = z.input<S>;

/** GET /fairs/markets: markets with their coming market days. */
export function listMarkets(query: { townshipCode?: TownshipCode | undefined; nextCount?: number } = {}) {
  return request<{ items: Market[] }>('GET', '/fairs/markets', { query });
}

/** GET /fairs/markets/:id */
export function getMarket(id: string, nextCount = 10) {
  return request<Market>('GET', `/fairs/markets/${id}`, { query: { nextCount } });
}

/** POST /fairs/markets (staff) */
export function createMarket(body: In<typeof CreateMarketBody>) {
  return request<Market>('POST', '/fairs/markets', { body });
}

/** PUT /fairs/markets/:id (staff) */
export function updateMarket(id: string, body: In<typeof UpdateMarketBody>) {
  return request<Market>('PUT', `/fairs/markets/${id}`, { body });
}

/** GET /fairs: law fairs from `from` (today) for `days` days (7 = this week). */
export function listFairs(query: { townshipCode?: TownshipCode | undefined; marketId?: string; from?: string; days?: number } = {}) {
  return request<{ from: string; to: string; items: Fair[] }>('GET', '/fairs', { query });
}

/** GET /fairs/:id */
export function getFair(id: string) {
  return request<Fair>('GET', `/fairs/${encodeURIComponent(id)}`);
}

/** POST /fairs (staff): plan a law fair on a market day. */
export function createFair(body: In<typeof CreateFairBody>) {
  return request<Fair>('POST', '/fairs', { body });
}

/** PUT /fairs/:id (staff) */
export function updateFair(id: string, body: In<typeof UpdateFairBody>) {
  return request<Fair>('PUT', `/fairs/${encodeURIComponent(id)}`, { body });
}

/** DELETE /fairs/:id (staff): call off a fair that has no record. */
export function deleteFair(id: string) {
  return request<void>('DELETE', `/fairs/${encodeURIComponent(id)}`);
}

/** PUT /fairs/:id/record (staff): what happened at the fair. */
export function recordFair(id: string, body: In<typeof FairRecordBody>) {
  return request<Fair>('PUT', `/fairs/${encodeURIComponent(id)}/record`, { body });
}

/** GET /fairs/report (staff): a township's year. */
export function getFairReport(year: number, townshipCode: TownshipCode) {
  return request<FairReport>('GET', '/fairs/report', { query: { year, townshipCode } });
}

/** GET /fairs/report/county (county admin) */
export function getCountyFairReport(year: number) {
  return request<{ year: number; items: FairReport[] }>('GET', '/fairs/report/county', { query: { year } });
}
