import { createHash } from 'node:crypto';
import type { Village } from '@qf/shared';
import { ConflictError, NotFoundError, invalidField } from '../../http/errors';
import { readById } from '../../db/by-id';
import { claimOnce } from '../../db/unique';
import { createTtlCache } from '../../lib/ttl-cache';
import { VillageModel, type VillageDoc } from './consultations.model';

const toVillage = (d: VillageDoc): Village => ({ id: d._id, townshipCode: d.townshipCode as Village['townshipCode'], name: d.name, sample: !!d.sample });

/**
 * The villages of each township, kept by its 司法所 staff (name only). The county's real list is
 * not in the project: it starts empty, and a few sample villages (marked as samples) are seeded.
 */
export function createVillagesService() {
  const lists = createTtlCache<Village[]>(30_000);

  async function list(townshipCode: string): Promise<Village[]> {
    return lists.get(townshipCode, async () => {
      const docs = await VillageModel.find({ townshipCode }).lean<VillageDoc[]>();
      return docs.map(toVillage).sort((a, b) => Number(a.sample) - Number(b.sample) || a.name.localeCompare(b.name, 'zh-Hans-CN'));
    });
  }

  return {
    list,
    async find(id: string): Promise<Village | null> {
      if (!/^[0-9a-f]{24}$/i.test(id)) return null;
      const doc = await readById<VillageDoc>(VillageModel, id);
      return doc ? toVillage(doc) : null;
    },
    async add(townshipCode: string, name: string, sample = false): Promise<Village> {
      const existing = await list(townshipCode);
      if (existing.some((v) => v.name === name)) throw new ConflictError(`本乡镇已有「${name}」`, [{ field: 'body.name', message: '村名重复' }]);
      // The id is the township and the name hashed: two clerks (or two imports) adding the same village
      // at once make one, the second insert being refused.
      const doc: VillageDoc = { _id: createHash('sha256').update(`${townshipCode}:${name}`).digest('hex').slice(0, 24), townshipCode, name, sample };
      if (!(await claimOnce(VillageModel, { ...doc }))) throw new ConflictError(`本乡镇已有「${name}」`, [{ field: 'body.name', message: '村名重复' }]);
      lists.delete(townshipCode);
      return toVillage(doc);
    },
    async remove(townshipCode: string, id: string) {
      const doc = await readById<VillageDoc>(VillageModel, id);
      if (!doc || doc.townshipCode !== townshipCode) throw new NotFoundError('找不到这个村');
      await VillageModel.deleteOne({ _id: id });
      lists.delete(townshipCode);
    },
    /** For the ask form: the village must be a known one; its township is the question's. */
    async require(id: string, field: string): Promise<Village> {
      const v = await this.find(id);
      if (!v) throw invalidField(field, '请从列表中选择您所在的村');
      return v;
    },
  };
}

export type VillagesService = ReturnType<typeof createVillagesService>;

/** Sample villages for two townships, with fixed ids so that seeding twice changes nothing. */
export const SAMPLE_VILLAGES: { id: string; townshipCode: string; name: string }[] = [
  { id: '5a0000000000000000000001', townshipCode: '410922100', name: '示例村（东街）' },
  { id: '5a0000000000000000000002', townshipCode: '410922100', name: '示例村（西关）' },
  { id: '5a0000000000000000000003', townshipCode: '410922100', name: '示例村（南庄）' },
  { id: '5a0000000000000000000004', townshipCode: '410922106', name: '示例村（固城）' },
  { id: '5a0000000000000000000005', townshipCode: '410922106', name: '示例村（北街）' },
];

export async function seedSampleVillages() {
  for (const v of SAMPLE_VILLAGES) {
    await VillageModel.updateOne({ _id: v.id }, { $setOnInsert: { townshipCode: v.townshipCode, name: v.name, sample: true } }, { upsert: true });
  }
}
