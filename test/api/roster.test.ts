import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER_COLUMNS, type Session } from '@qf/shared';
import { startTestApi, type TestApi } from '../support/api';
import { RosterPersonModel } from '../../server/src/modules/roster/roster.model';

/**
 * 名册 over real HTTP: an Excel roster through the one import flow (report → tick → confirm), the
 * villages short of 3 法律明白人, 普法员 with their mentees, township scoping, and what a resident
 * sees of his village's 明白人 (a phone only where the person agreed).
 */
const T1 = '410922100'; // 城关镇
const T2 = '410922101';

let api: TestApi;
let staff: Session;
let otherStaff: Session;
let admin: Session;
let resident: Session;

beforeAll(async () => {
  api = await startTestApi();
  [staff, otherStaff, admin, resident] = await Promise.all([
    api.loginAs('roster-staff', { roles: ['township_staff'], staffTownshipCode: T1 }),
    api.loginAs('roster-other', { roles: ['township_staff'], staffTownshipCode: T2 }),
    api.loginAs('roster-admin', { roles: ['county_admin'] }),
    api.loginAs('roster-resident', { townshipCode: T1 }),
  ]);
});
afterAll(() => api.close());

type Row = Partial<Record<(typeof ROSTER_COLUMNS)[number], string>>;

async function workbook(rows: Row[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('名册');
  sheet.addRow([...ROSTER_COLUMNS]);
  for (const row of rows) sheet.addRow(ROSTER_COLUMNS.map((h) => row[h] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(data: Buffer, token = staff.token, query = '') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)]), '名册.xlsx');
  const res = await fetch(`${api.baseUrl}/api/v1/roster/imports${query}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

const ROWS: Row[] = [
  { 姓名: '张明', 手机号: '13800000001', 村: '东关村', 身份: '法律明白人', 服务时间: '每天晚上 7 点后', 公开电话: '是' }, // 2
  { 姓名: '李红', 手机号: '13800000002', 村: '东关村', 身份: '明白人' }, // 3
  { 姓名: '王强', 手机号: '13800000003', 村: '东关村', 身份: '法律明白人', 公开电话: '否' }, // 4
  { 姓名: '赵兰', 手机号: '13800000004', 村: '西街村', 身份: '法律明白人' }, // 5
  { 姓名: '孙普法', 手机号: '13800000005', 身份: '普法员' }, // 6
  { 姓名: '周律师', 手机号: '13800000006', 身份: '法律顾问' }, // 7
  { 姓名: '错号码', 手机号: '12345', 村: '东关村', 身份: '法律明白人' }, // 8
  { 姓名: '重复', 手机号: '13800000001', 村: '东关村', 身份: '法律明白人' }, // 9
  { 姓名: '没村', 手机号: '13800000009', 身份: '法律明白人', 公开电话: '也许' }, // 10
];

describe('名册', () => {
  let villageEast = '';

  it('imports a roster from Excel: a report on every row, nothing stored before the confirmation, all or nothing, the same file twice adds nothing', async () => {
    // 东关村 is on the township's list already; 西街村 is not.
    const village = await api.request('POST', '/api/v1/villages', { token: staff.token, body: { townshipCode: T1, name: '东关村' } });
    villageEast = village.body.id;
    const template = await fetch(`${api.baseUrl}/api/v1/roster/template`, { headers: { Authorization: `Bearer ${staff.token}` } });
    expect(template.status).toBe(200);
    const tpl = new ExcelJS.Workbook();
    await tpl.xlsx.load(await template.arrayBuffer());
    expect(tpl.getWorksheet('名册')!.getRow(1).values).toEqual([undefined, ...ROSTER_COLUMNS]);

    const report = await upload(await workbook(ROWS));
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    expect(report.body.counts).toEqual({ new: 6, update: 0, same: 0, error: 3 });
    const row = (n: number) => report.body.rows.find((r: any) => r.row === n);
    expect(row(5)).toMatchObject({ status: 'new', newVillage: true, person: { villageName: '西街村' } });
    expect(row(2)).toMatchObject({ status: 'new', newVillage: false, person: { phonePublic: true, serviceHours: '每天晚上 7 点后' } });
    expect(row(8).problems).toEqual([{ row: 8, field: '手机号', problem: '“12345”不是 11 位手机号' }]);
    expect(row(9).problems[0]).toMatchObject({ field: '手机号', problem: '和第 2 行是同一个手机号' });
    expect(row(10).problems.map((p: any) => p.field)).toEqual(['村', '公开电话']);
    expect(await RosterPersonModel.countDocuments({ townshipCode: T1 })).toBe(0);

    // A ticked row with a problem: 400, nothing stored.
    const bad = await api.request('POST', '/api/v1/roster/imports/confirm', { token: staff.token, body: { importId: report.body.importId, rows: [2, 8] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('不能导入：第 8 行 手机号：“12345”不是 11 位手机号');
    expect(await RosterPersonModel.countDocuments({ townshipCode: T1 })).toBe(0);
    // Somebody else's report is not his to confirm.
    expect((await api.request('POST', '/api/v1/roster/imports/confirm', { token: admin.token, body: { importId: report.body.importId, rows: [2] } })).status).toBe(404);

    const done = await api.request('POST', '/api/v1/roster/imports/confirm', { token: staff.token, body: { importId: report.body.importId, rows: [2, 3, 4, 5, 6, 7] } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toEqual({ created: 6, updated: 0, unchanged: 0, villagesAdded: ['西街村'] });

    // The same file again: nothing new; a changed row is an update.
    const again = await upload(await workbook([...ROWS.slice(0, 5), { ...ROWS[5], 服务时间: '每周三上午' }]));
    expect(again.body.counts).toEqual({ new: 0, update: 1, same: 5, error: 0 });
    const twice = await api.request('POST', '/api/v1/roster/imports/confirm', { token: staff.token, body: { importId: again.body.importId, rows: [2, 3, 4, 5, 6, 7] } });
    expect(twice.body).toEqual({ created: 0, updated: 1, unchanged: 5, villagesAdded: [] });
    // The report held names and phones: it is gone once confirmed.
    expect((await api.request('POST', '/api/v1/roster/imports/confirm', { token: staff.token, body: { importId: again.body.importId, rows: [2] } })).status).toBe(404);
    expect(await RosterPersonModel.countDocuments({ townshipCode: T1 })).toBe(6);

    // Not an Excel file.
    const notXlsx = await upload(Buffer.from('姓名,手机号\n张三,138'));
    expect(notXlsx.status).toBe(400);
    expect(notXlsx.body.error.details[0].field).toBe('file');
  });

  it('shows which villages fall short of 3 法律明白人, 普法员 with whom they mentor, and 法律顾问', async () => {
    const res = await api.request('GET', '/api/v1/roster', { token: staff.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ townshipCode: T1, minPerVillage: 3, total: 6 });
    const byName = new Map(res.body.villages.map((v: any) => [v.name, v]));
    expect(byName.get('东关村')).toMatchObject({ missing: 0 });
    expect((byName.get('东关村') as any).literates.map((p: any) => p.name).sort()).toEqual(['张明', '李红', '王强'].sort());
    expect(byName.get('西街村')).toMatchObject({ missing: 2 });
    // Short villages first.
    expect(res.body.villages[0].missing).toBeGreaterThan(0);
    expect(res.body.shortVillages).toBe(res.body.villages.filter((v: any) => v.missing > 0).length);
    expect(res.body.advisers.map((p: any) => p.name)).toEqual(['周律师']);

    // A 明白人 gets a mentor; the 普法员 lists him.
    const sun = res.body.popularizers[0];
    const zhao = (byName.get('西街村') as any).literates[0];
    const put = await api.request('PUT', `/api/v1/roster/people/${zhao.id}`, {
      token: staff.token,
      body: { townshipCode: T1, name: '赵兰', phone: '13800000004', role: 'literate', villageId: zhao.villageId, mentorId: sun.id, serviceHours: '周六上午', phonePublic: true },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ mentorName: '孙普法', serviceHours: '周六上午' });
    // He changes his phone: he keeps his place, and his mentor.
    const moved = await api.request('PUT', `/api/v1/roster/people/${zhao.id}`, {
      token: staff.token,
      body: { townshipCode: T1, name: '赵兰', phone: '13900000004', role: 'literate', villageId: zhao.villageId, mentorId: sun.id, serviceHours: '周六上午', phonePublic: true },
    });
    expect(moved.body.id).not.toBe(zhao.id);
    const after = await api.request('GET', '/api/v1/roster', { token: staff.token });
    expect(after.body.popularizers[0].mentees).toEqual(['赵兰']);
    expect(after.body.total).toBe(6);
  });

  it('adds people by hand, refusing bad input in plain words and a phone already on the roster', async () => {
    const body = { townshipCode: T1, name: '钱进', phone: '13700000001', role: 'literate', villageId: villageEast };
    const created = await api.request('POST', '/api/v1/roster/people', { token: staff.token, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '钱进', villageName: '东关村', phonePublic: false });
    const twice = await api.request('POST', '/api/v1/roster/people', { token: staff.token, body: { ...body, name: '钱进二' } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.details[0].field).toBe('body.phone');
    for (const [bad, field] of [
      [{ ...body, phone: '110' }, 'body.phone'],
      [{ ...body, villageId: undefined }, 'body.villageId'],
      [{ ...body, role: 'mayor' }, 'body.role'],
      [{ ...body, name: '' }, 'body.name'],
    ] as const) {
      const res = await api.request('POST', '/api/v1/roster/people', { token: staff.token, body: { ...bad, phone: bad.phone === '110' ? '110' : '13700000009' } });
      expect(res.status, field).toBe(400);
      expect(res.body.error.details.map((d: any) => d.field)).toContain(field);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await RosterPersonModel.countDocuments({ phone: '13700000009' })).toBe(0);
    const removed = await api.request('DELETE', `/api/v1/roster/people/${created.body.id}`, { token: staff.token });
    expect(removed.status).toBe(204);
    expect(await RosterPersonModel.countDocuments({ phone: '13700000001' })).toBe(0);
  });

  it('keeps each township to its own staff; the county sees any', async () => {
    expect((await api.request('GET', `/api/v1/roster?townshipCode=${T1}`, { token: otherStaff.token })).status).toBe(403);
    const someone = (await api.request('GET', '/api/v1/roster', { token: staff.token })).body.advisers[0];
    expect((await api.request('DELETE', `/api/v1/roster/people/${someone.id}`, { token: otherStaff.token })).status).toBe(404);
    expect((await api.request('GET', '/api/v1/roster', { token: resident.token })).status).toBe(403);
    expect((await api.request('GET', `/api/v1/roster?townshipCode=${T1}`, { token: admin.token })).body.total).toBe(6);
    expect((await api.request('GET', '/api/v1/roster', { token: admin.token })).status).toBe(400);
  });

  it("shows a resident his village's 明白人, with a phone only where the person agreed", async () => {
    const res = await api.request('GET', `/api/v1/villages/${villageEast}/liaisons`, { token: resident.token });
    expect(res.status).toBe(200);
    expect(res.body.villageName).toBe('东关村');
    const byName = new Map(res.body.items.map((p: any) => [p.name, p]));
    expect(byName.get('张明')).toEqual({ name: '张明', serviceHours: '每天晚上 7 点后', phone: '13800000001' });
    expect(byName.get('王强')).toEqual({ name: '王强', serviceHours: null, phone: null });
    expect(JSON.stringify(res.body)).not.toContain('13800000003');
    expect((await api.request('GET', `/api/v1/villages/${villageEast}/liaisons`)).status).toBe(401);
  });

  it('exports the roster to Excel, with the villages against the norm', async () => {
    const res = await fetch(`${api.baseUrl}/api/v1/roster/export`, { headers: { Authorization: `Bearer ${staff.token}` } });
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain('城关镇名册.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const people = wb.getWorksheet('名册')!;
    expect(people.actualRowCount).toBe(7);
    const texts: string[] = [];
    people.eachRow((r) => texts.push((r.values as unknown[]).join('|')));
    expect(texts.some((t) => t.includes('赵兰') && t.includes('西街村') && t.includes('孙普法'))).toBe(true);
    const villages = wb.getWorksheet('各村明白人')!;
    const rows: string[] = [];
    villages.eachRow((r) => rows.push((r.values as unknown[]).join('|')));
    expect(rows.some((t) => t.startsWith('|西街村|赵兰|1|2'))).toBe(true);
  });
});
