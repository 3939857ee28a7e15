import multer from '@koa/multer';
import ExcelJS from 'exceljs';
import type { Context } from 'koa';
import mongoose, { Schema } from 'mongoose';
import { AppError, BadRequestError, NotFoundError } from '../http/errors';

/**
 * The one Excel import flow (题库, 明白人名册): upload a filled-in template → a report on every row
 * (row, column, problem), kept for a day under an id → staff tick rows → confirm. Nothing is
 * stored before the confirmation. Each feature brings its columns, its row check and its writer;
 * reading the upload, the sheet and the kept report are here, once.
 */

export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const IMPORT_TTL_MS = 24 * 3600_000;

/** The workbook from a multipart form (field `file`, as wx.uploadFile sends it) or from a raw body. */
export async function receiveWorkbook(ctx: Context): Promise<{ data: Buffer; fileName: string | null }> {
  const tooLarge = () => new AppError(413, 'payload_too_large', `文件太大：最多 ${MAX_IMPORT_BYTES / 1024 / 1024} MB`, { field: 'file' });
  if (ctx.is('multipart/form-data')) {
    const receive = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5 } }).single('file');
    try {
      await receive(ctx, async () => undefined);
    } catch (err) {
      if ((err as { code?: string }).code === 'LIMIT_FILE_SIZE') throw tooLarge();
      throw new BadRequestError('上传的表单有误：请只上传一个 Excel 文件（字段 file）', [{ field: 'file', message: '请只上传一个 Excel 文件' }]);
    }
    const file = (ctx as unknown as { file?: { buffer: Buffer; originalname?: string } }).file;
    if (!file) throw new BadRequestError('输入有误：file 请选择要导入的 Excel 文件', [{ field: 'file', message: '请选择要导入的 Excel 文件' }]);
    return { data: file.buffer, fileName: file.originalname ? Buffer.from(file.originalname, 'latin1').toString('utf8') : null };
  }
  if (!ctx.is(XLSX_MIME, 'application/octet-stream')) {
    throw new AppError(415, 'unsupported_media_type', '请用 multipart/form-data（字段 file）或 .xlsx 文件本身上传');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_IMPORT_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  if (size === 0) throw new BadRequestError('输入有误：file 请选择要导入的 Excel 文件', [{ field: 'file', message: '文件是空的' }]);
  return { data: Buffer.concat(chunks), fileName: readableName(ctx.get('X-File-Name')) };
}

/** The file name a client sent (percent-encoded), or none when it cannot be read. */
function readableName(name: string): string | null {
  if (!name) return null;
  try {
    return decodeURIComponent(name).slice(0, 200);
  } catch {
    return null;
  }
}

/** Sends a workbook as a download with a Chinese file name. */
export function sendWorkbook(ctx: Context, data: Buffer, asciiName: string, chineseName: string) {
  ctx.type = XLSX_MIME;
  ctx.set('Content-Disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(chineseName)}`);
  ctx.body = data;
}

const cellText = (cell: ExcelJS.Cell): string => String(cell.text ?? '').replace(/\r\n?/g, '\n').trim();

/** One filled-in row: its spreadsheet row number (the header is row 1) and its cells by column name. */
export interface SheetRow {
  row: number;
  get(column: string): string;
}

/**
 * Reads an uploaded workbook's rows by the template's header. Refuses (400) a file that is not an
 * .xlsx workbook, a sheet without the required columns, or too many rows; empty rows are skipped.
 * `normalizeHeader` maps a header as typed (选项a) to the template's name (选项A).
 */
export async function readSheetRows(
  data: Buffer,
  options: { sheet: string; columns: readonly string[]; required: readonly string[]; maxRows: number; normalizeHeader?: (name: string) => string },
): Promise<SheetRow[]> {
  const notXlsx = () => new BadRequestError('文件不是 Excel 表格（.xlsx），请用下载的模板填写后上传', [{ field: 'file', message: '不是 .xlsx 文件' }]);
  // An .xlsx file is a zip archive: refuse anything else before handing it to the parser.
  if (data.length < 4 || data.readUInt32LE(0) !== 0x04034b50) throw notXlsx();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw notXlsx();
  }
  const sheet = wb.getWorksheet(options.sheet) ?? wb.worksheets[0];
  if (!sheet) throw new BadRequestError('表格里没有工作表', [{ field: 'file', message: '没有工作表' }]);

  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, colNumber) => {
    const typed = cellText(cell).replace(/\s+/g, '');
    const name = options.normalizeHeader ? options.normalizeHeader(typed) : typed;
    if (name) columns.set(name, colNumber);
  });
  const missing = options.required.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    throw new BadRequestError(`表头不对：缺少“${missing.join('”“')}”列，请用下载的模板`, missing.map((c) => ({ field: 'file', message: `缺少“${c}”列` })));
  }
  if (sheet.actualRowCount - 1 > options.maxRows) {
    throw new BadRequestError(`一次最多导入 ${options.maxRows} 行，请分成几个文件`, [{ field: 'file', message: '行数太多' }]);
  }
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (excelRow, rowNumber) => {
    if (rowNumber === 1) return;
    const get = (name: string) => {
      const c = columns.get(name);
      return c ? cellText(excelRow.getCell(c)) : '';
    };
    if (options.columns.every((name) => get(name) === '')) return;
    rows.push({ row: rowNumber, get });
  });
  return rows;
}

/**
 * An import between its report and its confirmation. The report's rows are kept as one JSON string:
 * they are only ever read back whole, by id, by the person who uploaded them.
 */
const stagedImportSchema = new Schema(
  {
    _id: { type: String },
    kind: { type: String, required: true },
    createdBy: { type: String, required: true },
    fileName: { type: String, default: null },
    rows: { type: String, required: true },
    /** What the report was made against (the roster's township), when that matters at confirmation. */
    context: { type: String, default: null },
    expiresAt: { type: Date, required: true },
  },
  { timestamps: true },
);
export const StagedImportModel = mongoose.model('StagedImport', stagedImportSchema, 'staged_imports');

/** Keeps a feature's import reports (`kind`: 'questions', 'roster') until they are confirmed or a day has passed. */
export function createImportStaging<R>(kind: string, clock: () => Date) {
  return {
    async stage(userId: string, fileName: string | null, rows: R[], context: string | null = null): Promise<{ importId: string; expiresAt: Date }> {
      // Reports hold what the file held (names, phones): those past their day go when a new one comes.
      await StagedImportModel.deleteMany({ expiresAt: mongoose.trusted({ $lt: clock() }) });
      const importId = new mongoose.Types.ObjectId().toHexString();
      const expiresAt = new Date(clock().getTime() + IMPORT_TTL_MS);
      await StagedImportModel.create({ _id: importId, kind, createdBy: userId, fileName, rows: JSON.stringify(rows), context, expiresAt });
      return { importId, expiresAt };
    },
    /** Drops a report once it has been confirmed. */
    async discard(importId: string) {
      await StagedImportModel.deleteOne({ _id: importId });
    },
    /** The report's rows, for the person who uploaded it, while it lasts. */
    async load(importId: string, userId: string): Promise<{ rows: R[]; context: string | null }> {
      const doc = await StagedImportModel.findById(importId).lean<{ kind: string; createdBy: string; rows: string; context?: string | null; expiresAt: Date }>();
      if (!doc || doc.kind !== kind || doc.createdBy !== userId) throw new NotFoundError('找不到这次导入，请重新上传文件');
      if (new Date(doc.expiresAt).getTime() < clock().getTime()) throw new NotFoundError('这次导入已过期，请重新上传文件');
      return { rows: JSON.parse(doc.rows) as R[], context: doc.context ?? null };
    },
  };
}
