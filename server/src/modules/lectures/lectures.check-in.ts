import QRCode from 'qrcode';
import {
  checkInLink,
  checkInWindow,
  isCheckInOpen,
  toCountyIso,
  CHECK_IN_CODE_REFRESH_SECONDS,
  type CheckInCode,
  type CheckInMethod,
  type CheckInResult,
  type Lecture,
  type Me,
  type ProxyCheckInBody,
} from '@qf/shared';
import { ConflictError, invalidField } from '../../http/errors';
import { oid } from '../../db/ids';
import { trusted } from '../../db/trusted';
import { isDuplicateKey } from '../../db/unique';
import type { createKeyedGate } from '../../lib/keyed-gate';
import type { UsersService } from '../users/users.service';
import type { CheckInTokens } from './check-in-tokens';
import type { LectureCaches } from './lectures.cache';
import { userAttendanceId, type LectureCommon } from './lectures.common';
import type { LectureCounters } from './lectures.counters';
import { AttendanceModel, LectureModel, type AttendanceDoc, type LectureDoc } from './lectures.model';

export interface LectureCheckInDeps {
  common: LectureCommon;
  counters: LectureCounters;
  caches: LectureCaches;
  /** Shared with sign-up: at most a few writers per lecture at once (lib/keyed-gate.ts). */
  perLecture: ReturnType<typeof createKeyedGate>;
  tokens: CheckInTokens;
  users: UsersService;
  clock: () => Date;
}

const namedAttendanceId = (lectureId: string, name: string, phone: string | undefined) => `${lectureId}:n:${name}:${phone ?? ''}`;

type AttendanceRecord = { _id: string; userId: string | null; name: string; phone?: string; method: CheckInMethod; by: string | null };

function checkInResult(doc: Pick<AttendanceDoc, 'lectureId' | 'method' | 'at' | 'name'>): CheckInResult {
  return { lectureId: doc.lectureId.toString(), checkedIn: true, method: doc.method as CheckInMethod, at: toCountyIso(doc.at), name: doc.name };
}

function assertCheckInOpen(lecture: LectureDoc, now: Date, { allowAfterWindow = false } = {}) {
  if (lecture.status === 'cancelled') throw new ConflictError('这场讲座已取消');
  if (lecture.status === 'draft') throw new ConflictError('这场讲座还没有发布');
  const { opensAt } = checkInWindow(lecture.startAt, lecture.endAt);
  if (now < opensAt) throw new ConflictError(`签到还没开始：开始前 30 分钟（${toCountyIso(opensAt).slice(11, 16)}）起可以签到`);
  if (!allowAfterWindow && !isCheckInOpen(lecture.startAt, lecture.endAt, now)) throw new ConflictError('签到已结束：签到时间为开始前 30 分钟至结束后 60 分钟');
}

/** Check-in at the lecture: the code on the screen, scanning it, 代签 by staff, and the people without WeChat. */
export function createLectureCheckIn({ common, counters, caches, perLecture, tokens, users, clock }: LectureCheckInDeps) {
  /** Inserts the one attendance record for this person; a repeat reads the first and answers the same. */
  async function recordAttendance(lecture: LectureDoc, record: AttendanceRecord) {
    return perLecture(lecture._id.toString(), () => recordAttendanceInTurn(lecture, record));
  }

  async function recordAttendanceInTurn(lecture: LectureDoc, record: AttendanceRecord) {
    const at = clock();
    const first = await AttendanceModel.findById(record._id).lean<AttendanceDoc>();
    if (first) return checkInResult(first);
    await counters.markStale(lecture._id);
    try {
      const doc = await AttendanceModel.create({
        _id: record._id,
        lectureId: lecture._id,
        townshipCode: lecture.townshipCode,
        year: lecture.year,
        month: lecture.month,
        userId: record.userId ? oid(record.userId) : null,
        name: record.name,
        phone: record.phone ?? null,
        method: record.method,
        by: record.by ? oid(record.by) : null,
        at,
      });
      void counters.requestRecount(lecture._id);
      return checkInResult(doc.toObject() as AttendanceDoc);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await AttendanceModel.findById(record._id).lean<AttendanceDoc>();
      if (!existing) throw err;
      return checkInResult(existing);
    }
  }

  return {
    async checkInCode(actor: Me, lectureId: string, origin: string, format: 'svg' | 'png' = 'svg'): Promise<CheckInCode> {
      const lecture = await common.loadManaged(actor, lectureId);
      const now = clock();
      if (lecture.status === 'cancelled' || lecture.status === 'draft') throw new ConflictError(lecture.status === 'cancelled' ? '这场讲座已取消' : '请先发布讲座');
      const { closesAt } = checkInWindow(lecture.startAt, lecture.endAt);
      if (now > closesAt) throw new ConflictError('签到已结束');
      const { token, expiresAt } = tokens.issue(lectureId, now);
      const link = checkInLink(origin, lectureId, token);
      const qrDataUrl =
        format === 'png'
          ? await QRCode.toDataURL(link, { errorCorrectionLevel: 'M', margin: 2, width: 480 })
          : `data:image/svg+xml;base64,${Buffer.from(await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })).toString('base64')}`;
      return { lectureId, token, link, qrDataUrl, expiresAt: toCountyIso(expiresAt), refreshAfterSeconds: CHECK_IN_CODE_REFRESH_SECONDS };
    },

    async checkIn(actor: Me, lectureId: string, token: string): Promise<CheckInResult> {
      const now = clock();
      tokens.verify(token, lectureId, now);
      const lecture = await common.load(lectureId);
      assertCheckInOpen(lecture, now);
      return recordAttendance(lecture, { _id: userAttendanceId(lectureId, actor.id), userId: actor.id, name: actor.displayName, method: 'scan', by: null });
    },

    /** 代签: staff check a resident in by account, or by name (and phone) for somebody without WeChat. */
    async proxyCheckIn(actor: Me, lectureId: string, body: ProxyCheckInBody): Promise<CheckInResult> {
      const lecture = await common.loadManaged(actor, lectureId);
      assertCheckInOpen(lecture, clock(), { allowAfterWindow: true });
      if (body.userId) {
        const resident = await users.findById(body.userId);
        if (!resident) throw invalidField('body.userId', '找不到这位群众');
        return recordAttendance(lecture, { _id: userAttendanceId(lectureId, resident.id), userId: resident.id, name: resident.displayName, method: 'proxy', by: actor.id });
      }
      const name = body.name!;
      return recordAttendance(lecture, { _id: namedAttendanceId(lectureId, name, body.phone), userId: null, name, ...(body.phone ? { phone: body.phone } : {}), method: 'proxy_name', by: actor.id });
    },

    async setWalkIns(actor: Me, lectureId: string, count: number): Promise<Lecture> {
      const lecture = await common.loadManaged(actor, lectureId);
      if (lecture.status !== 'published' && lecture.status !== 'held') throw new ConflictError('只有已发布或已举办的讲座可以登记现场人数');
      const doc = await LectureModel.findOneAndUpdate(trusted({ _id: lecture._id, status: { $in: ['published', 'held'] } }), { $set: { walkIns: count } }, { returnDocument: 'after' }).lean<LectureDoc>();
      if (!doc) throw new ConflictError('只有已发布或已举办的讲座可以登记现场人数');
      caches.forget();
      return common.dto(doc);
    },
  };
}

export type LectureCheckIn = ReturnType<typeof createLectureCheckIn>;
