import mongoose from 'mongoose';
import { createTtlCache } from '../../lib/ttl-cache';
import QRCode from 'qrcode';
import {
  canManageTownship,
  checkInLink,
  checkInWindow,
  countyWeek,
  isCheckInOpen,
  lecturePeriod,
  toCountyIso,
  townshipName,
  CHECK_IN_CODE_REFRESH_SECONDS,
  type Actor,
  type CancelLectureBody,
  type CheckInCode,
  type CheckInMethod,
  type CheckInResult,
  type CreateLectureBody,
  type Lecture,
  type LectureListQuery,
  type LecturePage,
  type MarkHeldBody,
  type Me,
  type MyLectureRecord,
  type MyRegistration,
  type ProxyCheckInBody,
  type SignUpResult,
  type Upload,
  type UpdateLectureBody,
} from '@qf/shared';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../http/errors';
import { uploadUrl, type UploadsService } from '../uploads/uploads.service';
import type { UsersService } from '../users/users.service';
import type { CheckInTokens } from './check-in-tokens';
import { createKeyedGate } from '../../lib/keyed-gate';
import { AttendanceModel, LectureModel, RegistrationModel, ReminderModel, SeatModel, type AttendanceDoc, type LectureDoc, type RegistrationDoc } from './lectures.model';
import { isDuplicateKey } from '../../db/unique';

export interface LecturesServiceDeps {
  uploads: UploadsService;
  users: UsersService;
  tokens: CheckInTokens;
  clock: () => Date;
  /** How long the public lecture list is served from memory (ms); 0 turns the cache off. */
  listCacheMs?: number;
  /** The longest the database may work on one list query (maxTimeMS) before it gives up (503). */
  listQueryMaxMs?: number;
}

const isDuplicate = isDuplicateKey;
/**
 * sanitizeFilter is on: operator objects ({ $in: … }) in a filter built from validated values must
 * be marked trusted, one field at a time.
 */
export function trusted(filter: Record<string, unknown>): never {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    const isOperator = value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof mongoose.Types.ObjectId) && Object.keys(value).some((k) => k.startsWith('$'));
    out[key] = isOperator ? mongoose.trusted(value) : value;
  }
  return out as never;
}
const oid = (id: string) => new mongoose.Types.ObjectId(id);

export const registrationId = (lectureId: string, userId: string) => `${lectureId}:${userId}`;

/** Orders sign-ups of one instant; with the arrival instant it orders the waitlist. */
let arrivalCounter = 0;
const byArrival = (a: RegistrationDoc, b: RegistrationDoc) =>
  a.arrivedAt.getTime() - b.arrivedAt.getTime() || a.arrivalSeq - b.arrivalSeq || a._id.localeCompare(b._id);
export const userAttendanceId = (lectureId: string, userId: string) => `${lectureId}:u:${userId}`;
const namedAttendanceId = (lectureId: string, name: string, phone: string | undefined) => `${lectureId}:n:${name}:${phone ?? ''}`;

function forbiddenTownship() {
  return new ForbiddenError('只能管理本乡镇的讲座');
}

export function requireManage(user: Actor, townshipCode: string) {
  if (!canManageTownship(user, townshipCode)) throw forbiddenTownship();
}

function invalid(field: string, message: string) {
  return new BadRequestError(`输入有误：${field} ${message}`, [{ field, message }]);
}

export function toLectureDto(doc: LectureDoc, now: Date, photos: Upload[] = []): Lecture {
  const week = countyWeek(now);
  return {
    id: doc._id.toString(),
    townshipCode: doc.townshipCode as Lecture['townshipCode'],
    townshipName: townshipName(doc.townshipCode),
    title: doc.title,
    topics: [...(doc.topics ?? [])],
    speaker: { name: doc.speakerName, unit: doc.speakerUnit },
    venue: { name: doc.venueName, address: doc.venueAddress, location: doc.latitude != null && doc.longitude != null ? { latitude: doc.latitude, longitude: doc.longitude } : null },
    startAt: toCountyIso(doc.startAt),
    endAt: toCountyIso(doc.endAt),
    capacity: doc.capacity,
    seatsLeft: Math.max(0, doc.seatsLeft),
    registeredCount: doc.registeredCount ?? 0,
    waitlistCount: doc.waitlistCount ?? 0,
    checkInCount: doc.checkInCount ?? 0,
    walkIns: doc.walkIns ?? 0,
    status: doc.status as Lecture['status'],
    cancelReason: doc.cancelReason ?? null,
    notes: doc.notes ?? '',
    evidence: doc.heldAt ? { photos, headcount: doc.headcount ?? 0, heldAt: toCountyIso(doc.heldAt) } : null,
    thisWeek: doc.startAt >= week.start && doc.startAt < week.end,
  };
}

function fieldsFromBody(body: Partial<CreateLectureBody>) {
  const set: Record<string, unknown> = {};
  if (body.title !== undefined) set.title = body.title;
  if (body.topics !== undefined) set.topics = [...new Set(body.topics)];
  if (body.speaker) {
    set.speakerName = body.speaker.name;
    set.speakerUnit = body.speaker.unit;
  }
  if (body.venue) {
    set.venueName = body.venue.name;
    set.venueAddress = body.venue.address;
    // A new address without a map point drops the old point: it would show the wrong place.
    set.latitude = body.venue.location?.latitude ?? null;
    set.longitude = body.venue.location?.longitude ?? null;
  }
  if (body.startAt !== undefined) {
    const startAt = new Date(body.startAt);
    set.startAt = startAt;
    Object.assign(set, lecturePeriod(startAt));
  }
  if (body.endAt !== undefined) set.endAt = new Date(body.endAt);
  if (body.notes !== undefined) set.notes = body.notes;
  return set;
}

export function createLecturesService(deps: LecturesServiceDeps) {
  const { uploads, users, tokens, clock } = deps;
  const listCacheMs = deps.listCacheMs ?? 3000;
  const listQueryMaxMs = deps.listQueryMaxMs ?? 8000;
  // One load per key however many readers miss at once: a burst on the public list costs one scan.
  const listCache = createTtlCache<LecturePage>(listCacheMs, () => clock().getTime());
  const perLecture = createKeyedGate(4);
  // What anonymous readers see of one lecture, for a moment: counters may lag by that long.
  const publicDetails = createTtlCache<Lecture>(Math.min(listCacheMs, 2000), () => clock().getTime());
  const forgetLists = () => {
    listCache.clear();
    publicDetails.clear();
  };

  async function load(id: string): Promise<LectureDoc> {
    const doc = await LectureModel.findById(id).lean<LectureDoc>();
    if (!doc) throw new NotFoundError('找不到这场讲座');
    return doc;
  }

  /** Drafts are seen only by those who manage the township: other staff get 403, everybody else 404. */
  function assertVisible(doc: LectureDoc, user: Me | undefined) {
    if (doc.status !== 'draft') return;
    if (user && canManageTownship(user, doc.townshipCode)) return;
    if (user?.roles.includes('township_staff')) throw forbiddenTownship();
    throw new NotFoundError('找不到这场讲座');
  }

  async function loadManaged(id: string, user: Me): Promise<LectureDoc> {
    await countersSettled(id);
    const doc = await load(id);
    requireManage(user, doc.townshipCode);
    return doc;
  }

  /** Uploaded images by id (read one by one by _id: the lookup FerretDB serves from its key). */
  async function imagesById(ids: readonly string[]): Promise<Map<string, Upload>> {
    const found = await Promise.all([...new Set(ids)].map((id) => uploads.find(id)));
    return new Map(
      found
        .filter((d): d is NonNullable<typeof d> => !!d && d.kind === 'image')
        .map((d) => [d._id, { id: d._id, kind: 'image' as const, mime: d.mime, size: d.size, url: uploadUrl(d._id) }]),
    );
  }

  async function photosOf(docs: LectureDoc[]): Promise<Map<string, Upload>> {
    return imagesById(docs.flatMap((d) => d.photoIds ?? []));
  }

  async function dto(doc: LectureDoc): Promise<Lecture> {
    const photos = await photosOf([doc]);
    return toLectureDto(doc, clock(), (doc.photoIds ?? []).map((id) => photos.get(id)).filter((p): p is Upload => !!p));
  }

  /** Waiting people of a lecture in arrival order. */
  async function waitingList(lectureId: mongoose.Types.ObjectId): Promise<RegistrationDoc[]> {
    const regs = await RegistrationModel.find({ lectureId, seatNo: null, waiting: true }).lean<RegistrationDoc[]>();
    return regs.sort(byArrival);
  }

  async function waitlistPosition(reg: RegistrationDoc): Promise<number | null> {
    if (reg.seatNo != null) return null;
    const waiting = await waitingList(reg.lectureId);
    const index = waiting.findIndex((r) => r._id === reg._id);
    return index < 0 ? null : index + 1;
  }

  async function myRegistration(lectureId: string, userId: string): Promise<MyRegistration | null> {
    const [reg, attendance, reminder] = await Promise.all([
      RegistrationModel.findById(registrationId(lectureId, userId)).lean<RegistrationDoc>(),
      AttendanceModel.findById(userAttendanceId(lectureId, userId)).lean<AttendanceDoc>(),
      // The two-hours reminder is planned last (or alone when the day before has passed).
      ReminderModel.exists({ _id: `${lectureId}:${userId}:two_hours` }),
    ]);
    if (!reg && !attendance) return null;
    return {
      status: !reg ? null : reg.seatNo != null ? 'registered' : 'waitlisted',
      waitlistPosition: reg ? await waitlistPosition(reg) : null,
      promotedAt: reg?.promotedAt ? toCountyIso(reg.promotedAt) : null,
      checkedIn: !!attendance,
      reminder: !!reminder,
    };
  }

  /**
   * Recounts a lecture's display counters from the documents that are the truth (seats,
   * registrations, attendance) and stores them on the lecture for lists.
   */
  async function refreshCounters(lectureId: mongoose.Types.ObjectId, changedMeanwhile: () => boolean = () => false) {
    const [lecture, seats, regs, checkIns] = await Promise.all([
      LectureModel.findById(lectureId, { capacity: 1 }).lean(),
      SeatModel.countDocuments({ lectureId }),
      RegistrationModel.countDocuments({ lectureId }),
      AttendanceModel.countDocuments({ lectureId }),
    ]);
    const capacity = lecture?.capacity ?? 0;
    const counters = { seatsLeft: Math.max(0, capacity - seats), registeredCount: seats, waitlistCount: Math.max(0, regs - seats), checkInCount: checkIns };
    // A change that began while we counted may be missing from these numbers: leave the flag up
    // (the loop in requestRecount counts again), so a crash before that recount cannot hide it.
    await LectureModel.updateOne({ _id: lectureId }, { $set: { ...counters, countersStale: changedMeanwhile() } });
    forgetLists();
    return counters;
  }

  /**
   * Recounting after every sign-up of a burst would scan the collections hundreds of times: sign-ups
   * ask for a recount, and one runs at a time per lecture (a request arriving meanwhile asks for one
   * more). The counters are for display only; the detail view recounts on read.
   */
  const recounts = new Map<string, { again: boolean; done: Promise<void> }>();
  function requestRecount(lectureId: mongoose.Types.ObjectId): Promise<void> {
    const key = lectureId.toString();
    forgetLists();
    const running = recounts.get(key);
    if (running) {
      running.again = true;
      return running.done;
    }
    const state = { again: false, done: Promise.resolve() };
    state.done = (async () => {
      try {
        do {
          state.again = false;
          await refreshCounters(lectureId, () => state.again);
        } while (state.again);
      } catch {
        // Display counters only: the next change recounts.
      } finally {
        recounts.delete(key);
      }
    })();
    recounts.set(key, state);
    return state.done;
  }

  /**
   * Flags the counters stale before a change. While this process is recounting them, the flag is
   * already up and that recount is told to count again rather than clear it.
   */
  async function markStale(lectureId: mongoose.Types.ObjectId) {
    const running = recounts.get(lectureId.toString());
    if (running) {
      running.again = true;
      return;
    }
    await LectureModel.updateOne({ _id: lectureId }, { $set: { countersStale: true } });
  }

  /** Waits for this process's pending recount of a lecture, so a reader sees its own changes. */
  async function countersSettled(lectureId: string) {
    await recounts.get(lectureId)?.done;
  }

  type SeatOutcome = 'seated' | 'has_seat' | 'full';

  /**
   * Gives `userId` a seat by inserting seat n (1..capacity). Seat ids bound the number of seats and
   * the unique (lecture, user) index stops anybody holding two, so concurrent sign-ups can never
   * over-fill a lecture. Random probing first; when that keeps colliding, read what is taken.
   */
  async function takeSeat(lecture: Pick<LectureDoc, '_id' | 'capacity'>, userId: string, promoted: boolean): Promise<SeatOutcome> {
    const lectureId = lecture._id.toString();
    // A refused insert means the seat is taken, or (rarely: a promoter seated this person meanwhile)
    // that they hold one already; the second is only looked up when a seat that looked free is refused.
    const tryInsert = async (n: number, lookFurther: boolean): Promise<'ok' | 'slot_taken' | 'has_seat'> => {
      try {
        await SeatModel.create({ _id: `${lectureId}:${n}`, lectureId: lecture._id, userId: oid(userId), promoted });
      } catch (err) {
        if (!isDuplicate(err)) throw err;
        if (!lookFurther) return 'slot_taken';
        const mine = await SeatModel.exists({ lectureId: lecture._id, userId: oid(userId) });
        return mine ? 'has_seat' : 'slot_taken';
      }
      await RegistrationModel.updateOne({ _id: registrationId(lectureId, userId) }, { $set: { seatNo: n, waiting: false, ...(promoted ? { promotedAt: clock() } : {}) } });
      return 'ok';
    };
    const cap = lecture.capacity;
    const tried = new Set<number>();
    for (let i = 0; i < Math.min(2, cap); i++) {
      let n = 1 + Math.floor(Math.random() * cap);
      while (tried.has(n)) n = (n % cap) + 1;
      tried.add(n);
      const r = await tryInsert(n, false);
      if (r === 'ok') return 'seated';
      if (r === 'has_seat') return 'has_seat';
    }
    for (let round = 0; round < 50; round++) {
      const taken = new Set((await SeatModel.find({ lectureId: lecture._id }, { _id: 1 }).lean()).map((d) => Number(String(d._id).split(':')[1])));
      const free = Array.from({ length: cap }, (_, i) => i + 1).filter((n) => !taken.has(n));
      if (free.length === 0) return 'full';
      for (let i = 0; i < Math.min(3, free.length); i++) {
        const n = free[Math.floor(Math.random() * free.length)]!;
        const r = await tryInsert(n, true);
        if (r === 'ok') return 'seated';
        if (r === 'has_seat') return 'has_seat';
      }
    }
    return 'full';
  }

  /**
   * Seats waiting people, first come first served, while seats are free. Each candidate is seated by
   * an insert (two promoters racing for the same person: the unique index lets one win). A person
   * who cancelled meanwhile gives the seat back.
   */
  async function promoteWaiting(lecture: Pick<LectureDoc, '_id' | 'capacity'>, max = Infinity): Promise<string[]> {
    const promoted: string[] = [];
    while (promoted.length < max) {
      const waiting = await waitingList(lecture._id);
      const next = waiting[0];
      if (!next) break;
      const userId = next.userId.toString();
      const outcome = await takeSeat(lecture, userId, true);
      if (outcome === 'full') break;
      if (outcome === 'has_seat') {
        // Somebody else seated them already; make sure their registration says so and go on.
        const seat = await SeatModel.findOne({ lectureId: lecture._id, userId: next.userId }).lean();
        if (seat) await RegistrationModel.updateOne({ _id: next._id, seatNo: null }, { $set: { seatNo: Number(String(seat._id).split(':')[1]), waiting: false } });
        continue;
      }
      if (!(await RegistrationModel.exists({ _id: next._id }))) {
        await SeatModel.deleteMany({ lectureId: lecture._id, userId: next.userId });
        continue;
      }
      promoted.push(userId);
    }
    return promoted;
  }

  function checkInResult(doc: Pick<AttendanceDoc, 'lectureId' | 'method' | 'at' | 'name'>): CheckInResult {
    return { lectureId: doc.lectureId.toString(), checkedIn: true, method: doc.method as CheckInMethod, at: toCountyIso(doc.at), name: doc.name };
  }

  /** Inserts the one attendance record for this person; a repeat reads the first and answers the same. */
  async function recordAttendance(lecture: LectureDoc, record: { _id: string; userId: string | null; name: string; phone?: string; method: CheckInMethod; by: string | null }) {
    return perLecture(lecture._id.toString(), () => recordAttendanceInTurn(lecture, record));
  }

  async function recordAttendanceInTurn(lecture: LectureDoc, record: { _id: string; userId: string | null; name: string; phone?: string; method: CheckInMethod; by: string | null }) {
    const at = clock();
    const first = await AttendanceModel.findById(record._id).lean<AttendanceDoc>();
    if (first) return checkInResult(first);
    await markStale(lecture._id);
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
      void requestRecount(lecture._id);
      return checkInResult(doc.toObject() as AttendanceDoc);
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      const existing = await AttendanceModel.findById(record._id).lean<AttendanceDoc>();
      if (!existing) throw err;
      return checkInResult(existing);
    }
  }

  function assertCheckInOpen(lecture: LectureDoc, now: Date, { allowAfterWindow = false } = {}) {
    if (lecture.status === 'cancelled') throw new ConflictError('这场讲座已取消');
    if (lecture.status === 'draft') throw new ConflictError('这场讲座还没有发布');
    const { opensAt } = checkInWindow(lecture.startAt, lecture.endAt);
    if (now < opensAt) throw new ConflictError(`签到还没开始：开始前 30 分钟（${toCountyIso(opensAt).slice(11, 16)}）起可以签到`);
    if (!allowAfterWindow && !isCheckInOpen(lecture.startAt, lecture.endAt, now)) throw new ConflictError('签到已结束：签到时间为开始前 30 分钟至结束后 60 分钟');
  }

  async function signUpInTurn(lectureId: string, user: Me, arrivedAt: Date, arrivalSeq: number): Promise<SignUpResult> {
    const lecture = await load(lectureId);
    assertVisible(lecture, user);
    if (lecture.status !== 'published') throw new ConflictError(lecture.status === 'cancelled' ? '这场讲座已取消' : '这场讲座不接受报名');
    if (lecture.startAt <= clock()) throw new ConflictError('讲座已经开始，不能再报名');
    let isNew = true;
    await markStale(lecture._id);
    try {
      await RegistrationModel.create({ _id: registrationId(lectureId, user.id), lectureId: lecture._id, userId: oid(user.id), arrivedAt, arrivalSeq });
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      isNew = false;
    }
    if (isNew) {
      // A seat while any is free; else the waitlist. (Seats free up only by a cancellation, whose
      // request hands the seat to the first person waiting straight away.)
      const outcome = await takeSeat(lecture, user.id, false);
      if (outcome === 'full') await RegistrationModel.updateOne({ _id: registrationId(lectureId, user.id), seatNo: null }, { $set: { waiting: true } });
      void requestRecount(lecture._id);
    }
    const mine = await myRegistration(lectureId, user.id);
    return { lectureId, ...(mine ?? { status: 'registered', waitlistPosition: null, promotedAt: null, checkedIn: false, reminder: false }) };
  }

  /** Cancels the caller's sign-up; a freed seat goes to the first person waiting. */
  async function cancelSignUpInTurn(lectureId: string, user: Me): Promise<SignUpResult> {
    const lecture = await load(lectureId);
    const _id = registrationId(lectureId, user.id);
    await markStale(lecture._id);
    const reg = await RegistrationModel.findOneAndDelete({ _id }).lean<RegistrationDoc>();
    if (!reg) throw new NotFoundError('您没有报名这场讲座');
    const freed = await SeatModel.deleteMany({ lectureId: lecture._id, userId: oid(user.id) });
    if (freed.deletedCount > 0 && lecture.status === 'published' && lecture.startAt > clock()) await promoteWaiting(lecture, freed.deletedCount);
    await ReminderModel.updateMany(trusted({ lectureId: lecture._id, userId: oid(user.id), status: 'pending' }), { $set: { status: 'skipped', note: '已取消报名' } });
    void requestRecount(lecture._id);
    const mine = await myRegistration(lectureId, user.id);
    return { lectureId, ...(mine ?? { status: 'cancelled', waitlistPosition: null, promotedAt: null, checkedIn: false, reminder: false }) };
    }

  async function readDetail(id: string, user: Me | undefined): Promise<Lecture> {
    await countersSettled(id);
    let doc = await load(id);
    assertVisible(doc, user);
    // Left stale by a change whose recount never ran (the instance stopped in between).
    if (doc.countersStale) {
      await requestRecount(doc._id);
      doc = await load(id);
    }
    const lecture = await dto(doc);
    if (user) lecture.myRegistration = await myRegistration(id, user.id);
    return lecture;
  }

  return {
    load,
    requireManage,

    async list(query: LectureListQuery, user: Me | undefined): Promise<LecturePage> {
      const now = clock();
      const filter: Record<string, unknown> = {};
      if (query.townshipCode) filter.townshipCode = query.townshipCode;
      if (query.year) filter.year = query.year;
      if (query.status === 'draft') {
        if (!user) throw new ForbiddenError('只有工作人员可以查看草稿');
        if (query.townshipCode) requireManage(user, query.townshipCode);
        else if (!user.roles.includes('county_admin')) {
          if (!user.staffTownshipCode || !user.roles.includes('township_staff')) throw forbiddenTownship();
          filter.townshipCode = user.staffTownshipCode;
        }
      }
      const statuses = query.status ? [query.status] : query.scope === 'upcoming' ? ['published'] : query.scope === 'past' ? ['published', 'held'] : ['published', 'held', 'cancelled'];
      filter.status = { $in: statuses };
      if (query.scope === 'upcoming') filter.endAt = { $gte: now };
      if (query.scope === 'past') filter.endAt = { $lt: now };
      const sort = query.scope === 'upcoming' ? { startAt: 1 as const } : { startAt: -1 as const };

      const loadPage = async (): Promise<LecturePage> => {
        const [docs, total] = await Promise.all([
          // Both scan the lectures on FerretDB (only `_id` is indexed). maxTimeMS makes the database
          // itself stop a scan that runs too long: without it, a query the server had given up on
          // (10 s socket timeout) kept FerretDB busy at 100× data and slowed every other request.
          LectureModel.find(trusted(filter)).sort(sort).skip(query.offset).limit(query.limit).maxTimeMS(listQueryMaxMs).lean<LectureDoc[]>(),
          LectureModel.countDocuments(trusted(filter)).maxTimeMS(listQueryMaxMs),
        ]);
        const photos = await photosOf(docs);
        const items = docs.map((d) => toLectureDto(d, now, (d.photoIds ?? []).map((id) => photos.get(id)).filter((p): p is Upload => !!p)));
        return { items, total, limit: query.limit, offset: query.offset };
      };
      const cacheable = query.status !== 'draft' && listCacheMs > 0;
      return cacheable ? listCache.get(JSON.stringify(query), loadPage) : loadPage();
    },

    async get(id: string, user: Me | undefined): Promise<Lecture> {
      if (!user && listCacheMs > 0) return publicDetails.get(id, () => readDetail(id, undefined));
      return readDetail(id, user);
    },

    async create(body: CreateLectureBody, user: Me): Promise<Lecture> {
      requireManage(user, body.townshipCode);
      const fields = {
        townshipCode: body.townshipCode,
        ...fieldsFromBody(body),
        capacity: body.capacity,
        seatsLeft: body.capacity,
        status: 'draft' as const,
        createdBy: oid(user.id),
      };
      if (!body.id) return dto((await LectureModel.create(fields)).toObject() as LectureDoc);
      // The form's own id: the insert is the claim, so a repeated save (a lost answer, a second
      // tap) answers with the lecture the first one made, never a copy.
      try {
        return dto((await LectureModel.create({ _id: oid(body.id), ...fields })).toObject() as LectureDoc);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const earlier = await LectureModel.findById(body.id).lean<LectureDoc>();
        if (!earlier) throw err;
        if (earlier.createdBy?.toString() !== user.id) throw new ConflictError('这份表单已经用过，请重新打开“新建讲座”');
        return dto(earlier);
      }
    },

    async update(id: string, body: UpdateLectureBody, user: Me): Promise<Lecture> {
      const current = await loadManaged(id, user);
      if (current.status !== 'draft' && current.status !== 'published') throw new ConflictError('已举办或已取消的讲座不能修改');
      const startAt = body.startAt ? new Date(body.startAt) : current.startAt;
      const endAt = body.endAt ? new Date(body.endAt) : current.endAt;
      if (endAt <= startAt) throw invalid('body.endAt', '结束时间必须晚于开始时间');
      if (endAt.getTime() - startAt.getTime() > 12 * 3600_000) throw invalid('body.endAt', '一场讲座不能超过 12 小时');
      const set = fieldsFromBody(body);
      if (body.capacity !== undefined) {
        const seats = await SeatModel.countDocuments({ lectureId: current._id });
        if (body.capacity < seats) throw invalid('body.capacity', `已有 ${seats} 人报名，人数上限不能少于 ${seats}`);
        // Seats above a lowered capacity are none (checked above); seat ids above it stay free.
        set.capacity = body.capacity;
      }
      const updated = await LectureModel.findOneAndUpdate({ _id: current._id }, { $set: set }, { returnDocument: 'after' }).lean<LectureDoc>();
      if (!updated) throw new NotFoundError('找不到这场讲座');
      if (body.startAt || body.endAt) {
        // Pending reminders follow the new time: the ones before it by the start, the after-lecture invitation by the end.
        const reminders = await ReminderModel.find({ lectureId: current._id, status: 'pending' }).lean();
        for (const r of reminders) {
          const offset = r.kind === 'day_before' ? 24 * 3600_000 : r.kind === 'two_hours' ? 2 * 3600_000 : null;
          const dueAt = offset !== null ? new Date(startAt.getTime() - offset) : r.kind === 'after_check' ? endAt : null;
          if (dueAt) await ReminderModel.updateOne({ _id: r._id, status: 'pending' }, { $set: { dueAt } });
        }
      }
      if (updated.status === 'published' && updated.capacity > current.capacity) await promoteWaiting(updated);
      await requestRecount(updated._id);
      return dto(await load(id));
    },

    async publish(id: string, user: Me): Promise<Lecture> {
      const current = await loadManaged(id, user);
      if (current.endAt <= clock()) throw new ConflictError('讲座时间已经过去，不能发布');
      if (current.status !== 'draft') throw new ConflictError('只有草稿可以发布');
      // Updated by `_id` alone: FerretDB's SQLite backend uses the `_id` index only for a filter on
      // `_id` and nothing else, and a guard in the filter scanned every lecture (seconds at 100,000).
      // The guard was no lock anyway there (see README); two racing publishes both publish.
      const doc = await LectureModel.findOneAndUpdate({ _id: current._id }, { $set: { status: 'published', publishedAt: clock() } }, { returnDocument: 'after' }).lean<LectureDoc>();
      if (!doc) throw new NotFoundError('找不到这场讲座');
      forgetLists();
      return dto(doc);
    },

    async cancel(id: string, body: CancelLectureBody, user: Me): Promise<Lecture> {
      const current = await loadManaged(id, user);
      const now = clock();
      if (current.status !== 'draft' && current.status !== 'published') throw new ConflictError('已举办或已取消的讲座不能取消');
      // By `_id` alone, as in publish.
      const doc = await LectureModel.findOneAndUpdate(
        { _id: current._id },
        { $set: { status: 'cancelled', cancelReason: body.reason, cancelledAt: now } },
        { returnDocument: 'after' },
      ).lean<LectureDoc>();
      if (!doc) throw new NotFoundError('找不到这场讲座');
      // Residents who asked for a reminder get one message telling them of the cancellation instead.
      const pending = await ReminderModel.find({ lectureId: current._id, status: 'pending' }).sort({ dueAt: 1 }).lean();
      const told = new Set<string>();
      for (const r of pending) {
        const userKey = r.userId.toString();
        if (!told.has(userKey)) {
          told.add(userKey);
          await ReminderModel.updateOne({ _id: r._id, status: 'pending' }, { $set: { kind: 'cancelled', dueAt: now, note: body.reason } });
        } else {
          await ReminderModel.updateOne({ _id: r._id, status: 'pending' }, { $set: { status: 'skipped', note: '讲座已取消' } });
        }
      }
      forgetLists();
      return dto(doc);
    },

    async clone(id: string, startAtIso: string, user: Me): Promise<Lecture> {
      const source = await loadManaged(id, user);
      const startAt = new Date(startAtIso);
      if (startAt <= source.startAt) throw invalid('body.startAt', '新的时间必须晚于原讲座的时间');
      const endAt = new Date(startAt.getTime() + (source.endAt.getTime() - source.startAt.getTime()));
      const doc = await LectureModel.create({
        townshipCode: source.townshipCode,
        ...lecturePeriod(startAt),
        title: source.title,
        topics: source.topics,
        speakerName: source.speakerName,
        speakerUnit: source.speakerUnit,
        venueName: source.venueName,
        venueAddress: source.venueAddress,
        latitude: source.latitude,
        longitude: source.longitude,
        startAt,
        endAt,
        capacity: source.capacity,
        seatsLeft: source.capacity,
        notes: source.notes,
        status: 'draft',
        createdBy: oid(user.id),
      });
      return dto(doc.toObject() as LectureDoc);
    },

    /**
     * Sign-up. The registration document (deterministic _id) makes a repeat find the first; the seat
     * is an insert of one of `capacity` seat ids; without one the person waits, in arrival order.
     */
    async signUp(lectureId: string, user: Me): Promise<SignUpResult> {
      const arrivalSeq = ++arrivalCounter;
      const arrivedAt = clock();
      return perLecture(lectureId, () => signUpInTurn(lectureId, user, arrivedAt, arrivalSeq));
    },

    async cancelSignUp(lectureId: string, user: Me): Promise<SignUpResult> {
      return perLecture(lectureId, () => cancelSignUpInTurn(lectureId, user));
    },

    async registrations(lectureId: string, query: { q?: string | undefined; status?: string | undefined; limit: number; offset: number }, user: Me) {
      const lecture = await loadManaged(lectureId, user);
      const regs = (await RegistrationModel.find({ lectureId: lecture._id }).lean<RegistrationDoc[]>()).sort(byArrival);
      const [names, attendance] = await Promise.all([users.displayNames(regs.map((r) => r.userId)), AttendanceModel.find({ lectureId: lecture._id }, { userId: 1 }).lean()]);
      const present = new Set(attendance.map((a) => a.userId?.toString()).filter(Boolean));
      let position = 0;
      const all = [...regs.filter((r) => r.seatNo != null), ...regs.filter((r) => r.seatNo == null)]
        .map((r) => ({
          userId: r.userId.toString(),
          displayName: names.get(r.userId.toString()) ?? '',
          status: (r.seatNo != null ? 'registered' : 'waitlisted') as 'registered' | 'waitlisted',
          waitlistPosition: r.seatNo == null ? ++position : null,
          checkedIn: present.has(r.userId.toString()),
          createdAt: toCountyIso(r.createdAt),
        }))
        .filter((r) => (!query.q || r.displayName.includes(query.q)) && (!query.status || r.status === query.status));
      return { items: all.slice(query.offset, query.offset + query.limit), total: all.length, limit: query.limit, offset: query.offset };
    },

    async checkInCode(lectureId: string, user: Me, origin: string, format: 'svg' | 'png' = 'svg'): Promise<CheckInCode> {
      const lecture = await loadManaged(lectureId, user);
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

    async checkIn(lectureId: string, token: string, user: Me): Promise<CheckInResult> {
      const now = clock();
      tokens.verify(token, lectureId, now);
      const lecture = await load(lectureId);
      assertCheckInOpen(lecture, now);
      return recordAttendance(lecture, { _id: userAttendanceId(lectureId, user.id), userId: user.id, name: user.displayName, method: 'scan', by: null });
    },

    /** 代签: staff check a resident in by account, or by name (and phone) for somebody without WeChat. */
    async proxyCheckIn(lectureId: string, body: ProxyCheckInBody, user: Me): Promise<CheckInResult> {
      const lecture = await loadManaged(lectureId, user);
      assertCheckInOpen(lecture, clock(), { allowAfterWindow: true });
      if (body.userId) {
        const resident = await users.findById(body.userId);
        if (!resident) throw invalid('body.userId', '找不到这位群众');
        return recordAttendance(lecture, { _id: userAttendanceId(lectureId, resident.id), userId: resident.id, name: resident.displayName, method: 'proxy', by: user.id });
      }
      const name = body.name!;
      return recordAttendance(lecture, { _id: namedAttendanceId(lectureId, name, body.phone), userId: null, name, ...(body.phone ? { phone: body.phone } : {}), method: 'proxy_name', by: user.id });
    },

    async setWalkIns(lectureId: string, count: number, user: Me): Promise<Lecture> {
      const lecture = await loadManaged(lectureId, user);
      if (lecture.status !== 'published' && lecture.status !== 'held') throw new ConflictError('只有已发布或已举办的讲座可以登记现场人数');
      const doc = await LectureModel.findOneAndUpdate(trusted({ _id: lecture._id, status: { $in: ['published', 'held'] } }), { $set: { walkIns: count } }, { returnDocument: 'after' }).lean<LectureDoc>();
      if (!doc) throw new ConflictError('只有已发布或已举办的讲座可以登记现场人数');
      forgetLists();
      return dto(doc);
    },

    /** Marks a lecture held with its evidence; only then does it count toward the township's 20. */
    async markHeld(lectureId: string, body: MarkHeldBody, user: Me): Promise<Lecture> {
      const lecture = await loadManaged(lectureId, user);
      if (lecture.status !== 'published' && lecture.status !== 'held') throw new ConflictError('只有已发布的讲座可以标记为已举办');
      // From the day's check-in opening (staff often take the photos while it runs).
      if (checkInWindow(lecture.startAt, lecture.endAt).opensAt > clock()) throw new ConflictError('讲座还没开始，不能标记为已举办');
      const images = await imagesById(body.photos);
      const missing = body.photos.map((id, i) => ({ id, i })).filter(({ id }) => !images.has(id));
      if (missing.length) {
        throw new BadRequestError(`输入有误：body.photos.${missing[0]!.i} 不是已上传的图片`, missing.map(({ i }) => ({ field: `body.photos.${i}`, message: '不是已上传的图片' })));
      }
      if ((lecture.checkInCount ?? 0) + body.headcount + (lecture.walkIns ?? 0) < 1) throw invalid('body.headcount', '请填写到场人数（至少 1 人）');
      const doc = await LectureModel.findOneAndUpdate(
        trusted({ _id: lecture._id, status: { $in: ['published', 'held'] } }),
        { $set: { status: 'held', photoIds: body.photos, headcount: body.headcount, heldAt: lecture.heldAt ?? clock() } },
        { returnDocument: 'after' },
      ).lean<LectureDoc>();
      if (!doc) throw new ConflictError('只有已发布的讲座可以标记为已举办');
      forgetLists();
      return dto(doc);
    },

    /** A resident's own record: lectures attended in the year (for 法律明白人, their training record) and sign-ups to come. */
    async myRecord(user: Me, year: number): Promise<MyLectureRecord> {
      const now = clock();
      const [attendance, regs] = await Promise.all([
        AttendanceModel.find({ userId: oid(user.id), year }).sort({ at: -1 }).lean<AttendanceDoc[]>(),
        RegistrationModel.find({ userId: oid(user.id) }).lean<RegistrationDoc[]>(),
      ]);
      const ids = [...new Set([...attendance.map((a) => a.lectureId.toString()), ...regs.map((r) => r.lectureId.toString())])];
      const lectures = await LectureModel.find(trusted({ _id: { $in: ids.map(oid) } })).lean<LectureDoc[]>();
      const byId = new Map(lectures.map((l) => [l._id.toString(), l]));
      const attended = attendance.flatMap((a) => {
        const l = byId.get(a.lectureId.toString());
        if (!l) return [];
        return [{ lectureId: a.lectureId.toString(), title: l.title, townshipName: townshipName(l.townshipCode), startAt: toCountyIso(l.startAt), topics: [...(l.topics ?? [])], speakerName: l.speakerName, checkedInAt: toCountyIso(a.at), method: a.method as CheckInMethod }];
      });
      const upcomingRegs = regs.filter((r) => {
        const l = byId.get(r.lectureId.toString());
        return l && l.endAt >= now;
      });
      const upcoming = [];
      for (const r of upcomingRegs) {
        const l = byId.get(r.lectureId.toString())!;
        upcoming.push({
          lectureId: l._id.toString(),
          title: l.title,
          townshipName: townshipName(l.townshipCode),
          startAt: toCountyIso(l.startAt),
          status: l.status as Lecture['status'],
          cancelReason: l.cancelReason ?? null,
          registration: (r.seatNo != null ? 'registered' : 'waitlisted') as 'registered' | 'waitlisted',
          waitlistPosition: await waitlistPosition(r),
          promotedAt: r.promotedAt ? toCountyIso(r.promotedAt) : null,
        });
      }
      upcoming.sort((a, b) => a.startAt.localeCompare(b.startAt));
      return { year, attendedCount: attended.length, attended, upcoming };
    },
  };
}

export type LecturesService = ReturnType<typeof createLecturesService>;
