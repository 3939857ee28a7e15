import { checkInWindow, type Lecture, type MarkHeldBody, type Me } from '@qf/shared';
import { ConflictError, invalidField, invalidFields } from '../../http/errors';
import { trusted } from '../../db/trusted';
import type { LectureCaches } from './lectures.cache';
import type { LectureCommon } from './lectures.common';
import { LectureModel, type LectureDoc } from './lectures.model';

/** A lecture's evidence (photos, headcount): what makes it count toward the township's year. */
export function createLectureEvidence({ common, caches, clock }: { common: LectureCommon; caches: LectureCaches; clock: () => Date }) {
  return {
    /** Marks a lecture held with its evidence; only then does it count toward the township's 20. */
    async markHeld(actor: Me, lectureId: string, body: MarkHeldBody): Promise<Lecture> {
      const lecture = await common.loadManaged(actor, lectureId);
      if (lecture.status !== 'published' && lecture.status !== 'held') throw new ConflictError('只有已发布的讲座可以标记为已举办');
      // From the day's check-in opening (staff often take the photos while it runs).
      if (checkInWindow(lecture.startAt, lecture.endAt).opensAt > clock()) throw new ConflictError('讲座还没开始，不能标记为已举办');
      const images = await common.imagesById(body.photos);
      const missing = body.photos.map((id, i) => ({ id, i })).filter(({ id }) => !images.has(id));
      if (missing.length) throw invalidFields(missing.map(({ i }) => ({ field: `body.photos.${i}`, message: '不是已上传的图片' })));
      if ((lecture.checkInCount ?? 0) + body.headcount + (lecture.walkIns ?? 0) < 1) throw invalidField('body.headcount', '请填写到场人数（至少 1 人）');
      const doc = await LectureModel.findOneAndUpdate(
        trusted({ _id: lecture._id, status: { $in: ['published', 'held'] } }),
        { $set: { status: 'held', photoIds: body.photos, headcount: body.headcount, heldAt: lecture.heldAt ?? clock() } },
        { returnDocument: 'after' },
      ).lean<LectureDoc>();
      if (!doc) throw new ConflictError('只有已发布的讲座可以标记为已举办');
      caches.forget();
      return common.dto(doc);
    },
  };
}

export type LectureEvidence = ReturnType<typeof createLectureEvidence>;
