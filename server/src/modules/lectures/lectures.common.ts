import { canManageTownship, countyWeek, toCountyIso, townshipName, type Actor, type Lecture, type Me, type Upload } from '@qf/shared';
import { ForbiddenError, NotFoundError } from '../../http/errors';
import { uploadUrl, type UploadsService } from '../uploads/uploads.service';
import { LectureModel, type LectureDoc } from './lectures.model';

export const registrationId = (lectureId: string, userId: string) => `${lectureId}:${userId}`;
export const userAttendanceId = (lectureId: string, userId: string) => `${lectureId}:u:${userId}`;

export function forbiddenTownship() {
  return new ForbiddenError('只能管理本乡镇的讲座');
}

export function requireManage(actor: Actor, townshipCode: string) {
  if (!canManageTownship(actor, townshipCode)) throw forbiddenTownship();
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

export interface LectureCommonDeps {
  uploads: UploadsService;
  clock: () => Date;
  /** Waits for this process's pending recount of a lecture (lectures.counters.ts). */
  countersSettled(lectureId: string): Promise<void>;
}

/** Loading a lecture (one the actor may see, or manage) and turning it into what the client reads. */
export function createLectureCommon({ uploads, clock, countersSettled }: LectureCommonDeps) {
  async function load(id: string): Promise<LectureDoc> {
    const doc = await LectureModel.findById(id).lean<LectureDoc>();
    if (!doc) throw new NotFoundError('找不到这场讲座');
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

  return {
    load,
    imagesById,
    photosOf,

    /** Drafts are seen only by those who manage the township: other staff get 403, everybody else 404. */
    assertVisible(actor: Me | undefined, doc: LectureDoc) {
      if (doc.status !== 'draft') return;
      if (actor && canManageTownship(actor, doc.townshipCode)) return;
      if (actor?.roles.includes('township_staff')) throw forbiddenTownship();
      throw new NotFoundError('找不到这场讲座');
    },

    async loadManaged(actor: Me, id: string): Promise<LectureDoc> {
      await countersSettled(id);
      const doc = await load(id);
      requireManage(actor, doc.townshipCode);
      return doc;
    },

    async dto(doc: LectureDoc): Promise<Lecture> {
      const photos = await photosOf([doc]);
      return toLectureDto(doc, clock(), (doc.photoIds ?? []).map((id) => photos.get(id)).filter((p): p is Upload => !!p));
    },
  };
}

export type LectureCommon = ReturnType<typeof createLectureCommon>;
