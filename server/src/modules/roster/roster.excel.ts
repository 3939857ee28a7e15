import ExcelJS from 'exceljs';
import { LITERATES_PER_VILLAGE, ROSTER_COLUMNS, ROSTER_ROLE_LABELS, townshipName, toCountyIso, type ImportProblem, type Roster, type RosterRole } from '@qf/shared';
import { readSheetRows } from '../../lib/excel-import';

export const ROSTER_SHEET = '名册';
const MAX_ROWS = 2000;

const ROLE_WORDS: Record<string, RosterRole> = {
  法律明白人: 'literate',
  明白人: 'literate',
  普法员: 'popularizer',
  普法宣传员: 'popularizer',
  法律顾问: 'adviser',
  顾问: 'adviser',
};
const YES = ['是', '同意', '公开', '可以', 'Y', 'YES', '√', '✓'];
const NO = ['', '否', '不同意', '不公开', '不', 'N', 'NO', '×'];

/** A row as read: the person, or the row's problems. */
export interface RosterRowRead {
  row: number;
  person: { name: string; phone: string; role: RosterRole; villageName: string | null; serviceHours: string | null; phonePublic: boolean } | null;
  problems: ImportProblem[];
}

export async function readRosterFile(data: Buffer): Promise<RosterRowRead[]> {
  const rows = await readSheetRows(data, { sheet: ROSTER_SHEET, columns: ROSTER_COLUMNS, required: ['姓名', '手机号', '身份'], maxRows: MAX_ROWS });
  const phones = new Map<string, number>();
  return rows.map(({ row, get }) => {
    const problems: ImportProblem[] = [];
    const problem = (field: string, text: string) => problems.push({ row, field, problem: text });
    const name = get('姓名');
    if (!name) problem('姓名', '没有填姓名');
    else if (name.length > 20) problem('姓名', '姓名不能超过 20 个字');
    const phone = get('手机号').replace(/[\s-]/g, '');
    if (!phone) problem('手机号', '没有填手机号');
    else if (!/^1[3-9]\d{9}$/.test(phone)) problem('手机号', `“${phone}”不是 11 位手机号`);
    else if (phones.has(phone)) problem('手机号', `和第 ${phones.get(phone)} 行是同一个手机号`);
    else phones.set(phone, row);
    const roleText = get('身份').replace(/\s+/g, '');
    const role = ROLE_WORDS[roleText];
    if (!roleText) problem('身份', '没有填身份');
    else if (!role) problem('身份', `“${roleText}”不是身份，请填 法律明白人、普法员 或 法律顾问`);
    const villageName = get('村') || null;
    if (role === 'literate' && !villageName) problem('村', '法律明白人要填他所在的村');
    if (villageName && villageName.length > 20) problem('村', '村名不能超过 20 个字');
    const serviceHours = get('服务时间') || null;
    if (serviceHours && serviceHours.length > 40) problem('服务时间', '服务时间不能超过 40 个字');
    const publicText = get('公开电话').toUpperCase();
    if (!YES.includes(publicText) && !NO.includes(publicText)) problem('公开电话', `请填“是”或“否”，不是“${publicText}”`);
    if (problems.length > 0 || !role) return { row, person: null, problems };
    return { row, person: { name, phone, role, villageName, serviceHours, phonePublic: YES.includes(publicText) }, problems };
  });
}

/** The template: the roster sheet with a drop-down for 身份 and 公开电话, and how to fill it in. */
export async function rosterTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '清丰普法';
  const sheet = wb.addWorksheet(ROSTER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = ROSTER_COLUMNS.map((header) => ({ header, key: header, width: header === '服务时间' ? 30 : 14 }));
  sheet.getRow(1).font = { bold: true };
  for (let r = 2; r <= 1001; r++) {
    sheet.getCell(r, 4).dataValidation = { type: 'list', allowBlank: true, formulae: ['"法律明白人,普法员,法律顾问"'] };
    sheet.getCell(r, 6).dataValidation = { type: 'list', allowBlank: true, formulae: ['"是,否"'] };
  }
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', key: 'col', width: 12 },
    { header: '怎么填', key: 'how', width: 80 },
  ];
  help.getRow(1).font = { bold: true };
  for (const [col, how] of [
    ['姓名', '必填，20 字以内'],
    ['手机号', '必填，11 位手机号；同一个手机号在本乡镇只算一个人，再次导入会更新他的信息'],
    ['村', `法律明白人必填（每个村至少 ${LITERATES_PER_VILLAGE} 名）；村名不在本乡镇村列表里时，导入时会添加`],
    ['身份', '法律明白人、普法员 或 法律顾问'],
    ['服务时间', '可不填，如：每天晚上 7 点后；周六上午在村委会'],
    ['公开电话', '本人同意让群众在小程序里看到他的电话时填“是”；不填为“否”'],
  ]) help.addRow({ col, how });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The roster to hand on: everyone (the same columns as the template, so it can be imported back), and the villages against the norm. */
export async function rosterWorkbook(roster: Roster): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '清丰普法';
  const sheet = wb.addWorksheet(ROSTER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [...ROSTER_COLUMNS.map((header) => ({ header, key: header, width: header === '服务时间' ? 30 : 14 })), { header: '带教普法员', key: 'mentor', width: 14 }];
  sheet.getRow(1).font = { bold: true };
  const people = [...roster.villages.flatMap((v) => v.literates), ...roster.unplaced, ...roster.popularizers, ...roster.advisers];
  for (const p of people) {
    sheet.addRow({ 姓名: p.name, 手机号: p.phone, 村: p.villageName ?? '', 身份: ROSTER_ROLE_LABELS[p.role], 服务时间: p.serviceHours ?? '', 公开电话: p.phonePublic ? '是' : '否', mentor: p.mentorName ?? '' });
  }
  const villages = wb.addWorksheet('各村明白人');
  villages.addRow([`${townshipName(roster.townshipCode)} 各村法律明白人（每村至少 ${roster.minPerVillage} 名）`]).font = { bold: true, size: 14 };
  villages.addRow([`导出时间 ${toCountyIso(new Date()).slice(0, 16).replace('T', ' ')}；${roster.shortVillages} 个村不足 ${roster.minPerVillage} 名`]);
  villages.addRow(['村', '法律明白人', '人数', '还差']).font = { bold: true };
  for (const v of roster.villages) villages.addRow([v.name, v.literates.map((p) => p.name).join('、'), v.literates.length, v.missing || '']);
  villages.columns.forEach((c, i) => (c.width = i === 1 ? 40 : 12));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
