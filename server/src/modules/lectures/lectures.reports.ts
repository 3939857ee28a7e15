import mongoose from 'mongoose';
import ExcelJS from 'exceljs';
import {
  countsTowardQuota,
  expectedByDate,
  isCountyAdmin,
  paceOf,
  toCountyIso,
  townshipName,
  DEFAULT_ANNUAL_LECTURE_QUOTA,
  LECTURE_STATUS_LABELS,
  PACE_COLORS,
  PACE_LABELS,
  TOWNSHIPS,
  type LectureStatus,
  type Me,
  type ParticipationReport,
  type ProgressOverview,
  type TownshipProgress,
} from '@qf/shared';
import { ForbiddenError } from '../../http/errors';
import { AttendanceModel, LectureModel, LectureQuotaModel, type AttendanceDoc, type LectureDoc } from './lectures.model';
import { requireManage } from './lectures.common';

type TownshipCode = TownshipProgress['townshipCode'];

const counts = (l: Pick<LectureDoc, 'status' | 'photoIds' | 'checkInCount' | 'headcount' | 'walkIns'>) =>
  countsTowardQuota({ status: l.status, photoCount: l.photoIds?.length ?? 0, checkInCount: l.checkInCount ?? 0, headcount: (l.headcount ?? 0) + (l.walkIns ?? 0) });

const REPORT_FIELDS = {
  townshipCode: 1, year: 1, month: 1, title: 1, topics: 1, speakerName: 1, speakerUnit: 1, venueName: 1, venueAddress: 1,
  startAt: 1, endAt: 1, capacity: 1, status: 1, cancelReason: 1, registeredCount: 1, waitlistCount: 1, checkInCount: 1,
  walkIns: 1, headcount: 1, photoIds: 1, heldAt: 1,
} as const;

/** Progress against the annual quota, participation figures and the Excel export. */
export function createLectureReports({ clock }: { clock: () => Date }) {
  async function quotaFor(year: number): Promise<number> {
    const doc = await LectureQuotaModel.findById(String(year)).lean();
    return doc?.quota ?? DEFAULT_ANNUAL_LECTURE_QUOTA;
  }

  async function lecturesOf(year: number, townshipCode?: string): Promise<LectureDoc[]> {
    const filter: Record<string, unknown> = { year };
    if (townshipCode) filter.townshipCode = townshipCode;
    return LectureModel.find(filter, REPORT_FIELDS).sort({ startAt: 1 }).lean<LectureDoc[]>();
  }

  function progressRows(year: number, quota: number, lectures: LectureDoc[], townships: readonly { code: string }[]): TownshipProgress[] {
    const now = clock();
    const expected = expectedByDate(quota, year, now);
    return townships.map(({ code }) => {
      const mine = lectures.filter((l) => l.townshipCode === code);
      const held = mine.filter(counts).length;
      const pace = paceOf(held, expected, quota);
      return {
        townshipCode: code as TownshipCode,
        townshipName: townshipName(code),
        year,
        quota,
        held,
        scheduled: mine.filter((l) => l.status === 'published').length,
        drafts: mine.filter((l) => l.status === 'draft').length,
        expectedByToday: expected,
        onPace: held >= expected,
        pace,
        paceLabel: PACE_LABELS[pace],
        color: PACE_COLORS[pace],
      };
    });
  }

  /** A staff member's reports cover their own township; asking for another is a 403. */
  function scopeOf(actor: Me, townshipCode: string | undefined): string | undefined {
    if (isCountyAdmin(actor)) return townshipCode;
    if (!actor.staffTownshipCode) throw new ForbiddenError('只有县司法局和司法所工作人员可以查看报表');
    if (townshipCode && townshipCode !== actor.staffTownshipCode) throw new ForbiddenError('只能查看本乡镇的报表');
    return actor.staffTownshipCode;
  }

  async function overview(year: number): Promise<ProgressOverview> {
    const [quota, lectures] = await Promise.all([quotaFor(year), lecturesOf(year)]);
    const items = progressRows(year, quota, lectures, TOWNSHIPS);
    return {
      year,
      asOf: toCountyIso(clock()),
      quota,
      items,
      totals: {
        quota: quota * items.length,
        held: items.reduce((s, i) => s + i.held, 0),
        scheduled: items.reduce((s, i) => s + i.scheduled, 0),
        onPace: items.filter((i) => i.onPace).length,
      },
    };
  }

  async function participation(year: number, townshipFilter: string | undefined): Promise<ParticipationReport> {
    const lectures = (await lecturesOf(year, townshipFilter)).filter((l) => l.status !== 'draft');
    const attendanceFilter: Record<string, unknown> = { year };
    if (townshipFilter) attendanceFilter.townshipCode = townshipFilter;
    const attendance = await AttendanceModel.find(attendanceFilter, { lectureId: 1, townshipCode: 1, month: 1, userId: 1, name: 1, phone: 1 }).lean<AttendanceDoc[]>();
    // A person is a user account, or for 代签 by name the name and phone typed.
    const personOf = (a: AttendanceDoc) => (a.userId ? `u:${a.userId.toString()}` : `n:${a.name}:${a.phone ?? ''}`);
    const figures = (ls: LectureDoc[]) => ({
      lectures: ls.length,
      registrations: ls.reduce((s, l) => s + (l.registeredCount ?? 0), 0),
      checkIns: ls.reduce((s, l) => s + (l.checkInCount ?? 0), 0),
      walkIns: ls.reduce((s, l) => s + (l.walkIns ?? 0), 0),
      headcount: ls.reduce((s, l) => s + (l.headcount ?? 0), 0),
    });
    const live = new Set(lectures.map((l) => l._id.toString()));
    const counted = attendance.filter((a) => live.has(a.lectureId.toString()));
    const distinct = (as: AttendanceDoc[]) => new Set(as.map(personOf)).size;
    // People at a lecture nobody identified: the walk-ins, or the headcount above the check-ins if larger.
    const unnamed = (l: LectureDoc) => Math.max(l.walkIns ?? 0, l.status === 'held' ? (l.headcount ?? 0) - (l.checkInCount ?? 0) : 0);
    const reached = (ls: LectureDoc[], as: AttendanceDoc[]) => distinct(as) + ls.reduce((s, l) => s + unnamed(l), 0);
    const townships = townshipFilter ? TOWNSHIPS.filter((t) => t.code === townshipFilter) : TOWNSHIPS;
    return {
      year,
      townshipCode: (townshipFilter ?? null) as ParticipationReport['townshipCode'],
      totals: { ...figures(lectures), distinctResidents: distinct(counted), reached: reached(lectures, counted) },
      byTownship: townships.map((t) => ({
        townshipCode: t.code,
        townshipName: t.name,
        ...figures(lectures.filter((l) => l.townshipCode === t.code)),
        distinctResidents: distinct(counted.filter((a) => a.townshipCode === t.code)),
        reached: reached(
          lectures.filter((l) => l.townshipCode === t.code),
          counted.filter((a) => a.townshipCode === t.code),
        ),
      })),
      byMonth: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, ...figures(lectures.filter((l) => l.month === i + 1)) })),
      byLecture: lectures.map((l) => ({
        lectureId: l._id.toString(),
        title: l.title,
        townshipCode: l.townshipCode as TownshipCode,
        startAt: toCountyIso(l.startAt),
        status: l.status as LectureStatus,
        registrations: l.registeredCount ?? 0,
        checkIns: l.checkInCount ?? 0,
        walkIns: l.walkIns ?? 0,
        headcount: l.headcount ?? 0,
      })),
    };
  }

  return {
    quotaFor,
    overview,

    async townshipProgress(code: string, year: number): Promise<TownshipProgress> {
      const [quota, lectures] = await Promise.all([quotaFor(year), lecturesOf(year, code)]);
      return progressRows(year, quota, lectures, [{ code }])[0]!;
    },

    async setQuota(actor: Me, year: number, quota: number) {
      await LectureQuotaModel.findOneAndUpdate({ _id: String(year) }, { $set: { quota, setBy: new mongoose.Types.ObjectId(actor.id) } }, { upsert: true });
      return { year, quota };
    },

    async participation(actor: Me, year: number, townshipCode: string | undefined) {
      return participation(year, scopeOf(actor, townshipCode));
    },

    /** The year as an .xlsx workbook: a sheet of lectures and a sheet of per-township progress. */
    async workbook(actor: Me, year: number, townshipCode: string | undefined): Promise<{ buffer: Buffer; filename: string }> {
      const scope = scopeOf(actor, townshipCode);
      if (scope) requireManage(actor, scope);
      const [quota, lectures] = await Promise.all([quotaFor(year), lecturesOf(year, scope)]);
      const wb = new ExcelJS.Workbook();
      wb.creator = '清丰普法';
      wb.created = clock();

      const sheet = wb.addWorksheet('讲座');
      sheet.columns = [
        { header: '乡镇', key: 'township', width: 12 },
        { header: '讲座名称', key: 'title', width: 32 },
        { header: '主题', key: 'topics', width: 20 },
        { header: '主讲人', key: 'speaker', width: 10 },
        { header: '主讲人单位', key: 'unit', width: 20 },
        { header: '地点', key: 'venue', width: 20 },
        { header: '地址', key: 'address', width: 28 },
        { header: '开始时间', key: 'startAt', width: 18 },
        { header: '结束时间', key: 'endAt', width: 18 },
        { header: '状态', key: 'status', width: 8 },
        { header: '人数上限', key: 'capacity', width: 9 },
        { header: '报名', key: 'registered', width: 7 },
        { header: '候补', key: 'waitlisted', width: 7 },
        { header: '签到', key: 'checkIns', width: 7 },
        { header: '无微信到场', key: 'walkIns', width: 11 },
        { header: '到场人数', key: 'headcount', width: 9 },
        { header: '现场照片', key: 'photos', width: 9 },
        { header: '计入年度任务', key: 'counts', width: 12 },
        { header: '取消原因', key: 'cancelReason', width: 20 },
      ];
      const local = (d: Date) => toCountyIso(d).slice(0, 16).replace('T', ' ');
      for (const l of lectures.filter((x) => x.status !== 'draft')) {
        sheet.addRow({
          township: townshipName(l.townshipCode),
          title: l.title,
          topics: (l.topics ?? []).join('、'),
          speaker: l.speakerName,
          unit: l.speakerUnit,
          venue: l.venueName,
          address: l.venueAddress,
          startAt: local(l.startAt),
          endAt: local(l.endAt),
          status: LECTURE_STATUS_LABELS[l.status as LectureStatus],
          capacity: l.capacity,
          registered: l.registeredCount ?? 0,
          waitlisted: l.waitlistCount ?? 0,
          checkIns: l.checkInCount ?? 0,
          walkIns: l.walkIns ?? 0,
          headcount: l.headcount ?? 0,
          photos: l.photoIds?.length ?? 0,
          counts: counts(l) ? '是' : '否',
          cancelReason: l.cancelReason ?? '',
        });
      }
      sheet.getRow(1).font = { bold: true };
      sheet.views = [{ state: 'frozen', ySplit: 1 }];

      const progress = wb.addWorksheet('乡镇进度');
      progress.columns = [
        { header: '乡镇', key: 'township', width: 12 },
        { header: '年度任务', key: 'quota', width: 10 },
        { header: '已举办', key: 'held', width: 9 },
        { header: '已安排', key: 'scheduled', width: 9 },
        { header: '截至今日应完成', key: 'expected', width: 15 },
        { header: '进度', key: 'pace', width: 10 },
      ];
      const townships = scope ? TOWNSHIPS.filter((t) => t.code === scope) : TOWNSHIPS;
      for (const row of progressRows(year, quota, lectures, townships)) {
        const added = progress.addRow({ township: row.townshipName, quota: row.quota, held: row.held, scheduled: row.scheduled, expected: row.expectedByToday, pace: row.paceLabel });
        added.getCell('pace').font = { color: { argb: `FF${row.color.slice(1)}` }, bold: true };
      }
      progress.getRow(1).font = { bold: true };

      const buffer = Buffer.from(await wb.xlsx.writeBuffer());
      const filename = `清丰县法治讲座-${year}${scope ? `-${townshipName(scope)}` : ''}.xlsx`;
      return { buffer, filename };
    },
  };
}

export type LectureReports = ReturnType<typeof createLectureReports>;
