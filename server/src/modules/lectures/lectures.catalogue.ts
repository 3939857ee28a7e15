import { lecturePeriod, type CancelLectureBody, type CreateLectureBody, type Lecture, type LectureListQuery, type LecturePage, type Me, type Upload, type UpdateLectureBody } from '@qf/shared';
import { ConflictError, ForbiddenError, NotFoundError, invalidField } from '../../http/errors';
import { oid } from '../../db/ids';
import { trusted } from '../../db/trusted';
import { isDuplicateKey } from '../../db/unique';
import type { LectureCaches } from './lectures.cache';
import { forbiddenTownship, requireManage, toLectureDto, type LectureCommon } from './lectures.common';
import type { LectureCounters } from './lectures.counters';
import { LectureModel, SeatModel, type LectureDoc } from './lectures.model';
import { remindOfCancellation, rescheduleReminders } from './lectures.reminders';
import type { LectureSeats } from './lectures.seats';

export interface LectureCatalogueDeps {
  common: LectureCommon;
  counters: LectureCounters;
  caches: LectureCaches;
  /** Seating the waitlist when capacity grows, and the reader's own sign-up on the detail. */
  seats: Pick<LectureSeats, 'promoteWaiting' | 'myRegistration'>;
  clock: () => Date;
  /** The longest the database may work on one list query (maxTimeMS) before it gives up (503). */
  listQueryMaxMs?: number;
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

/** The lectures themselves: the list and one lecture, and a lecture's life from draft to cancelled (or a copy). */
export function createLectureCatalogue({ common, counters, caches, seats, clock, listQueryMaxMs = 8000 }: LectureCatalogueDeps) {
  const { load, dto } = common;

  async function readDetail(actor: Me | undefined, id: string): Promise<Lecture> {
    await counters.countersSettled(id);
    let doc = await load(id);
    common.assertVisible(actor, doc);
    // Left stale by a change whose recount never ran (the instance stopped in between).
    if (doc.countersStale) {
      await counters.requestRecount(doc._id);
      doc = await load(id);
    }
    const lecture = await dto(doc);
    if (actor) lecture.myRegistration = await seats.myRegistration(id, actor.id);
    return lecture;
  }

  return {
    async list(actor: Me | undefined, query: LectureListQuery): Promise<LecturePage> {
      const now = clock();
      const filter: Record<string, unknown> = {};
      if (query.townshipCode) filter.townshipCode = query.townshipCode;
      if (query.year) filter.year = query.year;
      if (query.status === 'draft') {
        if (!actor) throw new ForbiddenError('只有工作人员可以查看草稿');
        if (query.townshipCode) requireManage(actor, query.townshipCode);
        else if (!actor.roles.includes('county_admin')) {
          if (!actor.staffTownshipCode || !actor.roles.includes('township_staff')) throw forbiddenTownship();
          filter.townshipCode = actor.staffTownshipCode;
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
        const photos = await common.photosOf(docs);
        const items = docs.map((d) => toLectureDto(d, now, (d.photoIds ?? []).map((id) => photos.get(id)).filter((p): p is Upload => !!p)));
        return { items, total, limit: query.limit, offset: query.offset };
      };
      const cacheable = query.status !== 'draft' && caches.enabled;
      return cacheable ? caches.list.get(JSON.stringify(query), loadPage) : loadPage();
    },

    async get(actor: Me | undefined, id: string): Promise<Lecture> {
      if (!actor && caches.enabled) return caches.publicDetails.get(id, () => readDetail(undefined, id));
      return readDetail(actor, id);
    },

    async create(actor: Me, body: CreateLectureBody): Promise<Lecture> {
      requireManage(actor, body.townshipCode);
      const fields = {
        townshipCode: body.townshipCode,
        ...fieldsFromBody(body),
        capacity: body.capacity,
        seatsLeft: body.capacity,
        status: 'draft' as const,
        createdBy: oid(actor.id),
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
        if (earlier.createdBy?.toString() !== actor.id) throw new ConflictError('这份表单已经用过，请重新打开“新建讲座”');
        return dto(earlier);
      }
    },

    async update(actor: Me, id: string, body: UpdateLectureBody): Promise<Lecture> {
      const current = await common.loadManaged(actor, id);
      if (current.status !== 'draft' && current.status !== 'published') throw new ConflictError('已举办或已取消的讲座不能修改');
      const startAt = body.startAt ? new Date(body.startAt) : current.startAt;
      const endAt = body.endAt ? new Date(body.endAt) : current.endAt;
      if (endAt <= startAt) throw invalidField('body.endAt', '结束时间必须晚于开始时间');
      if (endAt.getTime() - startAt.getTime() > 12 * 3600_000) throw invalidField('body.endAt', '一场讲座不能超过 12 小时');
      const set = fieldsFromBody(body);
      if (body.capacity !== undefined) {
        const seats = await SeatModel.countDocuments({ lectureId: current._id });
        if (body.capacity < seats) throw invalidField('body.capacity', `已有 ${seats} 人报名，人数上限不能少于 ${seats}`);
        // Seats above a lowered capacity are none (checked above); seat ids above it stay free.
        set.capacity = body.capacity;
      }
      const updated = await LectureModel.findOneAndUpdate({ _id: current._id }, { $set: set }, { returnDocument: 'after' }).lean<LectureDoc>();
      if (!updated) throw new NotFoundError('找不到这场讲座');
      if (body.startAt || body.endAt) await rescheduleReminders(current._id, startAt, endAt);
      if (updated.status === 'published' && updated.capacity > current.capacity) await seats.promoteWaiting(updated);
      await counters.requestRecount(updated._id);
      return dto(await load(id));
    },

    async publish(actor: Me, id: string): Promise<Lecture> {
      const current = await common.loadManaged(actor, id);
      if (current.endAt <= clock()) throw new ConflictError('讲座时间已经过去，不能发布');
      if (current.status !== 'draft') throw new ConflictError('只有草稿可以发布');
      // Updated by `_id` alone: FerretDB's SQLite backend uses the `_id` index only for a filter on
      // `_id` and nothing else, and a guard in the filter scanned every lecture (seconds at 100,000).
      // The guard was no lock anyway there (see README); two racing publishes both publish.
      const doc = await LectureModel.findOneAndUpdate({ _id: current._id }, { $set: { status: 'published', publishedAt: clock() } }, { returnDocument: 'after' }).lean<LectureDoc>();
      if (!doc) throw new NotFoundError('找不到这场讲座');
      caches.forget();
      return dto(doc);
    },

    async cancel(actor: Me, id: string, body: CancelLectureBody): Promise<Lecture> {
      const current = await common.loadManaged(actor, id);
      const now = clock();
      if (current.status !== 'draft' && current.status !== 'published') throw new ConflictError('已举办或已取消的讲座不能取消');
      // By `_id` alone, as in publish.
      const doc = await LectureModel.findOneAndUpdate(
        { _id: current._id },
        { $set: { status: 'cancelled', cancelReason: body.reason, cancelledAt: now } },
        { returnDocument: 'after' },
      ).lean<LectureDoc>();
      if (!doc) throw new NotFoundError('找不到这场讲座');
      await remindOfCancellation(current._id, body.reason, now);
      caches.forget();
      return dto(doc);
    },

    async clone(actor: Me, id: string, startAtIso: string): Promise<Lecture> {
      const source = await common.loadManaged(actor, id);
      const startAt = new Date(startAtIso);
      if (startAt <= source.startAt) throw invalidField('body.startAt', '新的时间必须晚于原讲座的时间');
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
        createdBy: oid(actor.id),
      });
      return dto(doc.toObject() as LectureDoc);
    },
  };
}

export type LectureCatalogue = ReturnType<typeof createLectureCatalogue>;
