import ExcelJS from 'exceljs';
import { LEDGER_KIND_LABELS, LEDGER_STATUS_LABELS, toCountyIso, townshipName, type LedgerPerson, type LedgerRecord, type TownshipLedger } from '@qf/shared';

const KIND_COLUMNS = Object.entries(LEDGER_KIND_LABELS) as [keyof typeof LEDGER_KIND_LABELS, string][];

/** Excel sheet names: at most 31 characters, none of []:*?/\, unique in the workbook. */
function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 28) || '未命名';
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}(${n})`;
  taken.add(candidate);
  return candidate;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

/** The township's table on the first sheet, then one sheet per 法律明白人 (一人一档). */
export async function ledgerWorkbook(table: TownshipLedger, recordsOf: (person: LedgerPerson) => LedgerRecord[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '清丰普法';
  const taken = new Set<string>();
  const summary = wb.addWorksheet(sheetName('台账汇总', taken));
  summary.addRow([`${townshipName(table.townshipCode)} 法律明白人台账 ${table.year} 年`]).font = { bold: true, size: 14 };
  summary.addRow([`导出时间 ${toCountyIso(new Date()).slice(0, 16).replace('T', ' ')}；连续 90 天没有通过审核的记录记为「不活跃」`]);
  const header = summary.addRow(['姓名', '参加讲座', '答题合格证书', ...KIND_COLUMNS.map(([, label]) => `${label}积分`), '总积分', '已通过', '待审核', '已退回', '最近一次通过', '状态']);
  header.font = { bold: true };
  for (const p of table.people) {
    summary.addRow([p.name, p.lecturesAttended, p.quizzesPassed, ...KIND_COLUMNS.map(([k]) => p.byKind[k] ?? 0), p.points, p.approved, p.pending, p.returned, day(p.lastApprovedAt), p.inactive ? '不活跃' : '正常']);
  }
  summary.columns.forEach((c) => (c.width = 12));

  for (const person of table.people) {
    const sheet = wb.addWorksheet(sheetName(person.name, taken));
    sheet.addRow([`${person.name}（法律明白人）${table.year} 年台账`]).font = { bold: true, size: 14 };
    sheet.addRow([`参加讲座 ${person.lecturesAttended} 场；答题合格证书 ${person.quizzesPassed} 张；积分 ${person.points}`]);
    sheet.addRow(['日期', '类别', '做了什么', '话题', '村', '审核', '审核人', '退回原因']).font = { bold: true };
    for (const r of recordsOf(person)) {
      sheet.addRow([day(r.occurredAt), LEDGER_KIND_LABELS[r.kind], r.summary, r.topic ?? '', r.village ?? '', LEDGER_STATUS_LABELS[r.status], r.decision?.byName ?? '', r.status === 'returned' ? (r.decision?.reason ?? '') : '']);
    }
    sheet.columns.forEach((c, i) => (c.width = i === 2 ? 40 : 12));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
