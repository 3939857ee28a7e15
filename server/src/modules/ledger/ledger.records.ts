import mongoose from 'mongoose';
import {
  canManageTownship,
  countyDateParts,
  toCountyIso,
  type CreateLedgerRecordBody,
  type DecideLedgerRecordBody,
  type LedgerRecord,
  type LedgerRecordListQuery,
  type Me,
  type Upload,
} from '@qf/shared';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../http/errors';
import type { UploadsService } from '../uploads/uploads.service';
import { LedgerDecisionModel, LedgerRecordModel, type LedgerRecordDoc } from './ledger.model';
import { isDuplicateKey } from '../../db/unique';


/** 「记一笔」 and the office's review of it. */
export function createLedgerRecords({ uploads, clock }: { uploads: UploadsService; clock: () => Date }) {
  async function photosOf(docs: readonly LedgerRecordDoc[]): Promise<Map<string, Upload>> {
    return uploads.imagesById(docs.flatMap((d) => d.photoIds ?? []));
  }

  function toDto(doc: LedgerRecordDoc, photos: Map<string, Upload>): LedgerRecord {
    return {
      id: doc._id.toString(),
      userId: doc.userId.toString(),
      userName: doc.userName,
      townshipCode: doc.townshipCode as LedgerRecord['townshipCode'],
      kind: doc.kind as LedgerRecord['kind'],
      summary: doc.summary,
      photos: (doc.photoIds ?? []).map((id) => photos.get(id)).filter((p): p is Upload => !!p),
      occurredAt: toCountyIso(doc.occurredAt),
      topic: doc.topic ?? null,
      village: doc.village ?? null,
      status: doc.status as LedgerRecord['status'],
      decision: doc.decision ? { byName: doc.decision.byName, at: toCountyIso(doc.decision.at), reason: doc.decision.reason ?? null } : null,
      createdAt: toCountyIso(doc.createdAt),
    };
  }

  async function dtos(docs: LedgerRecordDoc[]) {
    const photos = await photosOf(docs);
    return docs.map((d) => toDto(d, photos));
  }

  /** Staff see their own township's records; anybody else gets 404, not a hint that it exists. */
  async function readForStaff(actor: Me, id: string): Promise<LedgerRecordDoc> {
    const doc = await LedgerRecordModel.findById(id).lean<LedgerRecordDoc>();
    if (!doc || !canManageTownship(actor, doc.townshipCode)) throw new NotFoundError('找不到这条记录');
    return doc;
  }

  return {
    async create(actor: Me, body: CreateLedgerRecordBody): Promise<LedgerRecord> {
      if (!actor.townshipCode) throw new BadRequestError('请先在「我的」里选好所在乡镇，再记一笔', [{ field: 'user.townshipCode', message: '还没有选所在乡镇' }]);
      const occurredAt = new Date(body.occurredAt);
      // A minute of slack for a phone whose clock runs a little fast.
      if (occurredAt.getTime() > clock().getTime() + 60_000) {
        throw new BadRequestError('输入有误：body.occurredAt 时间不能晚于现在', [{ field: 'body.occurredAt', message: '时间不能晚于现在' }]);
      }
      const photos = await uploads.requireExisting(body.photos, 'image', 'body.photos');
      const doc = await LedgerRecordModel.create({
        userId: new mongoose.Types.ObjectId(actor.id),
        userName: actor.displayName,
        townshipCode: actor.townshipCode,
        year: countyDateParts(occurredAt).year,
        kind: body.kind,
        summary: body.summary,
        photoIds: body.photos,
        occurredAt,
        topic: body.topic ?? null,
        village: body.village ?? null,
      });
      return toDto(doc.toObject() as LedgerRecordDoc, new Map(photos.map((p) => [p.id, p])));
    },

    async ofUser(userId: string, year: number): Promise<LedgerRecordDoc[]> {
      return LedgerRecordModel.find({ userId: new mongoose.Types.ObjectId(userId), year }).sort({ occurredAt: -1 }).lean<LedgerRecordDoc[]>();
    },

    async mine(actor: Me, year: number): Promise<LedgerRecord[]> {
      return dtos(await this.ofUser(actor.id, year));
    },

    /** The review queue and history of a township (staff: their own; the county: any or all). */
    async list(actor: Me, query: LedgerRecordListQuery) {
      const townshipCode = query.townshipCode ?? actor.staffTownshipCode ?? undefined;
      if (townshipCode ? !canManageTownship(actor, townshipCode) : !actor.roles.includes('county_admin')) throw new ForbiddenError('只能查看本乡镇的记录');
      const filter: Record<string, unknown> = {};
      if (townshipCode) filter.townshipCode = townshipCode;
      if (query.status) filter.status = query.status;
      const [docs, total] = await Promise.all([
        LedgerRecordModel.find(filter).sort({ createdAt: -1 }).skip(query.offset).limit(query.limit).lean<LedgerRecordDoc[]>(),
        LedgerRecordModel.countDocuments(filter),
      ]);
      return { items: await dtos(docs), total, limit: query.limit, offset: query.offset };
    },

    /** Records of people in a township for a year, for the table and the export. */
    async ofTownship(townshipCode: string, year: number): Promise<LedgerRecordDoc[]> {
      return LedgerRecordModel.find({ townshipCode: townshipCode as LedgerRecordDoc["townshipCode"], year }).lean<LedgerRecordDoc[]>();
    },

    dtos,

    /** Records not sent back, per topic, that happened in [from, to): a signal for the hot-topic board. */
    async topicCounts(townshipCode: string, from: Date, to: Date): Promise<Map<string, number>> {
      const docs = await LedgerRecordModel.find({
        townshipCode: townshipCode as LedgerRecordDoc['townshipCode'],
        occurredAt: mongoose.trusted({ $gte: from, $lt: to }),
        status: mongoose.trusted({ $ne: 'returned' }),
      })
        .select({ topic: 1 })
        .lean<{ topic?: string | null }[]>();
      const counts = new Map<string, number>();
      for (const d of docs) if (d.topic) counts.set(d.topic, (counts.get(d.topic) ?? 0) + 1);
      return counts;
    },

    /** Approve or return, exactly once: the decision is an insert keyed by the record's id. */
    async decide(actor: Me, id: string, body: DecideLedgerRecordBody): Promise<LedgerRecord> {
      const record = await readForStaff(actor, id);
      if (record.status !== 'pending') throw new ConflictError('这条记录已经审核过了');
      const at = clock();
      try {
        await LedgerDecisionModel.create({ _id: id, decision: body.decision, by: new mongoose.Types.ObjectId(actor.id), at });
      } catch (err) {
        if (isDuplicateKey(err)) throw new ConflictError('这条记录已经审核过了');
        throw err;
      }
      // Only the winner of the insert above gets here, so this write has no competitor.
      const decision = { by: new mongoose.Types.ObjectId(actor.id), byName: actor.displayName, at, reason: body.reason ?? null };
      const updated = await LedgerRecordModel.findByIdAndUpdate(record._id, { $set: { status: body.decision === 'approve' ? 'approved' : 'returned', decision } }, { returnDocument: 'after' }).lean<LedgerRecordDoc>();
      return (await dtos([updated!]))[0]!;
    },
  };
}

export type LedgerRecords = ReturnType<typeof createLedgerRecords>;
