import type { CheckinResult, CreatePointBody, CreateSiteBody, UpdatePointBody, UpdateSiteBody, GeoPoint, GuidePoint, SiteDetail, SiteKind, SiteSummary, TownshipCode } from '@qf/shared';
import type { z } from 'zod';
import { request } from './http';

/** GET /guide/sites: the county complex first, then village sites. */
export function listSites(query: { kind?: SiteKind; townshipCode?: TownshipCode } = {}) {
  return request<{ items: SiteSummary[] }>('GET', '/guide/sites', { query });
}

/** GET /guide/sites/:id: points in route order and, signed in, the user's progress. */
export function getSite(id: string) {
  return request<SiteDetail>('GET', `/guide/sites/${id}`);
}

/** GET /guide/points/:id */
export function getPoint(id: string) {
  return request<GuidePoint>('GET', `/guide/points/${id}`);
}

/** POST /guide/points/:id/checkins: the server measures the distance; only distance and time are kept. */
export function checkIn(pointId: string, location: GeoPoint) {
  return request<CheckinResult>('POST', `/guide/points/${pointId}/checkins`, { body: { location } });
}

/** GET /guide/badges: route badges the user has earned. */
export function listMyBadges() {
  return request<{ items: { siteId: string; siteName: string; earnedAt: string }[] }>('GET', '/guide/badges');
}

/** POST /guide/sites (staff) */
export function createSite(body: z.input<typeof CreateSiteBody>) {
  return request<SiteDetail>('POST', '/guide/sites', { body });
}

/** POST /guide/points (staff) */
export function createPoint(body: z.input<typeof CreatePointBody>) {
  return request<GuidePoint>('POST', '/guide/points', { body });
}

/** PUT /guide/sites/:id (staff) */
export function updateSite(id: string, body: z.input<typeof UpdateSiteBody>) {
  return request<SiteSummary>('PUT', `/guide/sites/${id}`, { body });
}

/** PUT /guide/points/:id (staff) */
export function updatePoint(id: string, body: z.input<typeof UpdatePointBody>) {
  return request<GuidePoint>('PUT', `/guide/points/${id}`, { body });
}

/** DELETE /guide/points/:id (staff) */
export function deletePoint(id: string) {
  return request<void>('DELETE', `/guide/points/${id}`);
}

/** An article's text for the statute links on a point (served by the Civil Code / Constitution look-up). */
export interface StatuteArticle {
  number: number;
  label: string;
  text: string;
}

/** GET /civil-code/articles/:n */
export function getCivilCodeArticle(n: number) {
  return request<StatuteArticle>('GET', `/civil-code/articles/${n}`);
}

/** GET /constitution/articles/:n */
export function getConstitutionArticle(n: number) {
  return request<StatuteArticle>('GET', `/constitution/articles/${n}`);
}
