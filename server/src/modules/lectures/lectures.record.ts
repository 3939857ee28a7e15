import { toCountyIso, townshipName, type CheckInMethod, type Lecture, type Me, type MyLectureRecord } from '@qf/shared';
import { oid } from '../../db/ids';
import { trusted } from '../../db/trusted';
import { AttendanceModel, LectureModel, RegistrationModel, type AttendanceDoc, type LectureDoc, type RegistrationDoc } from './lectures.model';
import type { LectureSeats } from './lectures.seats';

/** A resident's own lectures (我的讲座). */
export function createLectureRecord({ seats, clock }: { seats: Pick<LectureSeats, 'waitlistPosition'>; clock: () => Date }) {
  return {
    /** A resident's own record: lectures attended in the year (for 法律明白人, their training record) and sign-ups to come. */
    async myRecord(actor: Me, year: number): Promise<MyLectureRecord> {
      const now = clock();
      const [attendance, regs] = await Promise.all([
        AttendanceModel.find({ userId: oid(actor.id), year }).sort({ at: -1 }).lean<AttendanceDoc[]>(),
        RegistrationModel.find({ userId: oid(actor.id) }).lean<RegistrationDoc[]>(),
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
          waitlistPosition: await seats.waitlistPosition(r),
          promotedAt: r.promotedAt ? toCountyIso(r.promotedAt) : null,
        });
      }
      upcoming.sort((a, b) => a.startAt.localeCompare(b.startAt));
      return { year, attendedCount: attended.length, attended, upcoming };
    },
  };
}

export type LectureRecord = ReturnType<typeof createLectureRecord>;
