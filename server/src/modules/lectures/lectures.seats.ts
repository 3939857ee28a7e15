import type { Types } from 'mongoose';
import { toCountyIso, type Me, type MyRegistration, type SignUpResult } from '@qf/shared';
import { ConflictError, NotFoundError } from '../../http/errors';
import { oid } from '../../db/ids';
import { isDuplicateKey } from '../../db/unique';
import type { createKeyedGate } from '../../lib/keyed-gate';
import type { UsersService } from '../users/users.service';
import { registrationId, userAttendanceId, type LectureCommon } from './lectures.common';
import type { LectureCounters } from './lectures.counters';
import { AttendanceModel, RegistrationModel, SeatModel, type AttendanceDoc, type LectureDoc, type RegistrationDoc } from './lectures.model';
import { hasReminder, skipRemindersOf } from './lectures.reminders';

export interface LectureSeatsDeps {
  common: LectureCommon;
  counters: LectureCounters;
  /** Shared with check-in: at most a few writers per lecture at once (lib/keyed-gate.ts). */
  perLecture: ReturnType<typeof createKeyedGate>;
  users: UsersService;
  clock: () => Date;
}

/** Orders sign-ups of one instant; with the arrival instant it orders the waitlist. */
let arrivalCounter = 0;
const byArrival = (a: RegistrationDoc, b: RegistrationDoc) =>
  a.arrivedAt.getTime() - b.arrivedAt.getTime() || a.arrivalSeq - b.arrivalSeq || a._id.localeCompare(b._id);

type SeatOutcome = 'seated' | 'has_seat' | 'full';

/** Sign-up, its cancellation, the list of who signed up, and seating the waitlist. */
export function createLectureSeats({ common, counters, perLecture, users, clock }: LectureSeatsDeps) {
  const { load } = common;
  const { markStale, requestRecount } = counters;

  /** Waiting people of a lecture in arrival order. */
  async function waitingList(lectureId: Types.ObjectId): Promise<RegistrationDoc[]> {
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
      hasReminder(lectureId, userId),
    ]);
    if (!reg && !attendance) return null;
    return {
      status: !reg ? null : reg.seatNo != null ? 'registered' : 'waitlisted',
      waitlistPosition: reg ? await waitlistPosition(reg) : null,
      promotedAt: reg?.promotedAt ? toCountyIso(reg.promotedAt) : null,
      checkedIn: !!attendance,
      reminder,
    };
  }

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
        if (!isDuplicateKey(err)) throw err;
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

  async function signUpInTurn(actor: Me, lectureId: string, arrivedAt: Date, arrivalSeq: number): Promise<SignUpResult> {
    const lecture = await load(lectureId);
    common.assertVisible(actor, lecture);
    if (lecture.status !== 'published') throw new ConflictError(lecture.status === 'cancelled' ? '这场讲座已取消' : '这场讲座不接受报名');
    if (lecture.startAt <= clock()) throw new ConflictError('讲座已经开始，不能再报名');
    let isNew = true;
    await markStale(lecture._id);
    try {
      await RegistrationModel.create({ _id: registrationId(lectureId, actor.id), lectureId: lecture._id, userId: oid(actor.id), arrivedAt, arrivalSeq });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      isNew = false;
    }
    if (isNew) {
      // A seat while any is free; else the waitlist. (Seats free up only by a cancellation, whose
      // request hands the seat to the first person waiting straight away.)
      const outcome = await takeSeat(lecture, actor.id, false);
      if (outcome === 'full') await RegistrationModel.updateOne({ _id: registrationId(lectureId, actor.id), seatNo: null }, { $set: { waiting: true } });
      void requestRecount(lecture._id);
    }
    const mine = await myRegistration(lectureId, actor.id);
    return { lectureId, ...(mine ?? { status: 'registered', waitlistPosition: null, promotedAt: null, checkedIn: false, reminder: false }) };
  }

  /** Cancels the caller's sign-up; a freed seat goes to the first person waiting. */
  async function cancelSignUpInTurn(actor: Me, lectureId: string): Promise<SignUpResult> {
    const lecture = await load(lectureId);
    const _id = registrationId(lectureId, actor.id);
    await markStale(lecture._id);
    const reg = await RegistrationModel.findOneAndDelete({ _id }).lean<RegistrationDoc>();
    if (!reg) throw new NotFoundError('您没有报名这场讲座');
    const freed = await SeatModel.deleteMany({ lectureId: lecture._id, userId: oid(actor.id) });
    if (freed.deletedCount > 0 && lecture.status === 'published' && lecture.startAt > clock()) await promoteWaiting(lecture, freed.deletedCount);
    await skipRemindersOf(lecture._id, actor.id);
    void requestRecount(lecture._id);
    const mine = await myRegistration(lectureId, actor.id);
    return { lectureId, ...(mine ?? { status: 'cancelled', waitlistPosition: null, promotedAt: null, checkedIn: false, reminder: false }) };
  }

  return {
    promoteWaiting,
    myRegistration,
    waitlistPosition,

    /**
     * Sign-up. The registration document (deterministic _id) makes a repeat find the first; the seat
     * is an insert of one of `capacity` seat ids; without one the person waits, in arrival order.
     */
    async signUp(actor: Me, lectureId: string): Promise<SignUpResult> {
      const arrivalSeq = ++arrivalCounter;
      const arrivedAt = clock();
      return perLecture(lectureId, () => signUpInTurn(actor, lectureId, arrivedAt, arrivalSeq));
    },

    async cancelSignUp(actor: Me, lectureId: string): Promise<SignUpResult> {
      return perLecture(lectureId, () => cancelSignUpInTurn(actor, lectureId));
    },

    async registrations(actor: Me, lectureId: string, query: { q?: string | undefined; status?: string | undefined; limit: number; offset: number }) {
      const lecture = await common.loadManaged(actor, lectureId);
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
  };
}

export type LectureSeats = ReturnType<typeof createLectureSeats>;
