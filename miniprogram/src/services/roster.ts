import { townshipName, type Roster, type RosterImportReport, type RosterPerson, type RosterPersonBody, type TownshipCode, type VillageLiaisons } from '@qf/shared';
import type { z } from 'zod';
import { downloadFile, request, uploadFile } from './http';

export const ROSTER_PAGES = {
  index: (townshipCode?: string | null) => `/packages/roster/pages/index/index${townshipCode ? `?townshipCode=${townshipCode}` : ''}`,
  person: (townshipCode: string, id?: string) => `/packages/roster/pages/person/index?townshipCode=${townshipCode}${id ? `&id=${id}` : ''}`,
  import: (townshipCode: string) => `/packages/roster/pages/import/index?townshipCode=${townshipCode}`,
};

/** GET /roster: a township's people by village, 普法员 and 法律顾问. */
export function getRoster(townshipCode: TownshipCode) {
  return request<Roster>('GET', '/roster', { query: { townshipCode } });
}

export function addRosterPerson(body: z.input<typeof RosterPersonBody>) {
  return request<RosterPerson>('POST', '/roster/people', { body });
}

export function updateRosterPerson(id: string, body: z.input<typeof RosterPersonBody>) {
  return request<RosterPerson>('PUT', `/roster/people/${id}`, { body });
}

export function removeRosterPerson(id: string) {
  return request<void>('DELETE', `/roster/people/${id}`);
}

export function downloadRosterTemplate(): Promise<void> {
  return downloadFile('/roster/template', '名册导入模板.xlsx');
}

/** POST /roster/imports (multipart, field `file`): the per-row report; nothing is stored yet. */
export function uploadRoster(townshipCode: string, file: { path: string; name: string }) {
  return uploadFile<RosterImportReport>('/roster/imports', file.path, { fileName: file.name, query: { townshipCode } });
}

export function confirmRosterImport(importId: string, rows: number[]) {
  return request<{ created: number; updated: number; unchanged: number; villagesAdded: string[] }>('POST', '/roster/imports/confirm', { body: { importId, rows } });
}

export function downloadRoster(townshipCode: TownshipCode): Promise<void> {
  return downloadFile('/roster/export', `${townshipName(townshipCode)}名册.xlsx`, { townshipCode });
}

/** GET /villages/:id/liaisons: the village's 法律明白人 as a resident sees them. */
export function villageLiaisons(villageId: string) {
  return request<VillageLiaisons>('GET', `/villages/${villageId}/liaisons`);
}
