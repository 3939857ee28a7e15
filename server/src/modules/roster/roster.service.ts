import {
  canManageTownship,
  isCountyAdmin,
  LITERATES_PER_VILLAGE,
  type Me,
  type Roster,
  type RosterImportReport,
  type RosterImportRow,
  type RosterPerson,
  type RosterPersonBody,
  type Village,
  type VillageLiaisons,
} from '@qf/shared';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../http/errors';
import { claimOnce, isDuplicateKey } from '../../db/unique';
import { createImportStaging } from '../../lib/excel-import';
import { createTtlCache } from '../../lib/ttl-cache';
import { readRosterFile } from './roster.excel';
import { RosterPersonModel, rosterId, type RosterPersonDoc } from './roster.model';

/** The villages, from the consultations feature that keeps them. */
export interface RosterVillages {
  list(townshipCode: string): Promise<Village[]>;
  find(id: string): Promise<Village | null>;
  add(townshipCode: string, name: string): Promise<Village>;
}

type StagedRow = RosterImportRow;

const invalid = (field: string, message: string) => new BadRequestError(`输入有误：${message}`, [{ field, message }]);

/**
 * 名册: each township's 法律明白人 by village (and which villages fall short of the norm), its 普法员
 * with the 明白人 they mentor, its 法律顾问 with the townships they serve; kept by the 司法所, imported
 * from and exported to Excel; residents see their own village's 明白人.
 */
export function createRosterService(deps: { villages: RosterVillages; clock: () => Date }) {
  const { villages, clock } = deps;
  const staging = createImportStaging<StagedRow>('roster', clock);
  // A township's people, read as a scan on FerretDB: kept briefly, dropped on this instance's changes.
  const people = createTtlCache<RosterPersonDoc[]>(30_000, () => clock().getTime());
  const peopleOf = (code: string) => people.get(code, () => RosterPersonModel.find({ townshipCode: code }).lean<RosterPersonDoc[]>());

  function scope(actor: Me, townshipCode?: string): string {
    const code = townshipCode ?? (isCountyAdmin(actor) ? null : actor.staffTownshipCode);
    if (!code) throw invalid('query.townshipCode', '请选择乡镇');
    if (!canManageTownship(actor, code)) throw new ForbiddenError('只能管理本乡镇的名册');
    return code;
  }

  function toPerson(d: RosterPersonDoc, villageNames: Map<string, string>, byId: Map<string, RosterPersonDoc>): RosterPerson {
    return {
      id: d._id,
      townshipCode: d.townshipCode as RosterPerson['townshipCode'],
      name: d.name,
      phone: d.phone,
      role: d.role as RosterPerson['role'],
      villageId: d.villageId ?? null,
      villageName: d.villageId ? (villageNames.get(d.villageId) ?? null) : null,
      mentorId: d.mentorId ?? null,
      mentorName: d.mentorId ? (byId.get(d.mentorId)?.name ?? null) : null,
      serviceHours: d.serviceHours ?? null,
      phonePublic: !!d.phonePublic,
      townships: (d.townships?.length ? d.townships : [d.townshipCode]) as RosterPerson['townships'],
    };
  }

  async function build(code: string): Promise<Roster> {
    const [docs, list] = await Promise.all([peopleOf(code), villages.list(code)]);
    const names = new Map(list.map((v) => [v.id, v.name]));
    const byId = new Map(docs.map((d) => [d._id, d]));
    const all = docs.map((d) => toPerson(d, names, byId)).sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
    const literates = all.filter((p) => p.role === 'literate');
    const rows = list.map((v) => {
      const here = literates.filter((p) => p.villageId === v.id);
      return { id: v.id, name: v.name, literates: here, missing: Math.max(0, LITERATES_PER_VILLAGE - here.length) };
    });
    // Villages short of the norm first: they are what the office has to act on.
    rows.sort((a, b) => b.missing - a.missing || a.name.localeCompare(b.name, 'zh-Hans-CN'));
    return {
      townshipCode: code as Roster['townshipCode'],
      minPerVillage: LITERATES_PER_VILLAGE,
      villages: rows,
      shortVillages: rows.filter((v) => v.missing > 0).length,
      popularizers: all.filter((p) => p.role === 'popularizer').map((p) => ({ ...p, mentees: literates.filter((l) => l.mentorId === p.id).map((l) => l.name) })),
      advisers: all.filter((p) => p.role === 'adviser'),
      unplaced: literates.filter((p) => !p.villageId || !names.has(p.villageId)),
      total: all.length,
    };
  }

  /** The fields of a person as stored, after checking his village and mentor belong to the township. */
  async function fieldsOf(body: RosterPersonBody, selfId: string | null) {
    let villageId: string | null = null;
    if (body.villageId) {
      const v = await villages.find(body.villageId);
      if (!v || v.townshipCode !== body.townshipCode) throw invalid('body.villageId', '请从本乡镇的村里选择');
      villageId = v.id;
    }
    let mentorId: string | null = null;
    if (body.mentorId && body.role === 'literate') {
      const m = (await peopleOf(body.townshipCode)).find((p) => p._id === body.mentorId);
      if (!m || m.role !== 'popularizer' || m._id === selfId) throw invalid('body.mentorId', '请从本乡镇的普法员里选择');
      mentorId = m._id;
    }
    return {
      townshipCode: body.townshipCode,
      name: body.name,
      phone: body.phone,
      role: body.role,
      villageId: body.role === 'literate' || villageId ? villageId : null,
      mentorId,
      serviceHours: body.serviceHours ?? null,
      phonePublic: body.phonePublic,
      townships: body.role === 'adviser' ? [...new Set([body.townshipCode, ...(body.townships ?? [])])] : [],
    };
  }

  /** One person as the roster shows him (a 明白人 whose village was removed is listed under no village: looked up among all). */
  function personIn(r: Roster, id: string): RosterPerson {
    const found = [...r.villages.flatMap((v) => v.literates), ...r.unplaced, ...r.popularizers, ...r.advisers].find((p) => p.id === id);
    if (!found) throw new NotFoundError('名册里没有这个人');
    return found;
  }

  async function requirePerson(actor: Me, id: string): Promise<RosterPersonDoc> {
    const doc = await RosterPersonModel.findById(id).lean<RosterPersonDoc>();
    if (!doc || !canManageTownship(actor, doc.townshipCode)) throw new NotFoundError('名册里没有这个人');
    return doc;
  }

  return {
    async roster(actor: Me, townshipCode?: string): Promise<Roster> {
      return build(scope(actor, townshipCode));
    },

    async add(actor: Me, body: RosterPersonBody): Promise<RosterPerson> {
      const code = scope(actor, body.townshipCode);
      const fields = await fieldsOf(body, null);
      const _id = rosterId(code, body.phone);
      if (!(await claimOnce(RosterPersonModel, { _id, ...fields }))) throw new ConflictError('这个手机号已经在本乡镇的名册里', [{ field: 'body.phone', message: '这个手机号已经在名册里' }]);
      people.delete(code);
      return personIn(await build(code), _id);
    },

    /** Changes a person's details. A new phone is a new key: he moves to it (and his mentees follow) unless it is taken. */
    async update(actor: Me, id: string, body: RosterPersonBody): Promise<RosterPerson> {
      const doc = await requirePerson(actor, id);
      if (body.townshipCode !== doc.townshipCode) throw invalid('body.townshipCode', '不能改到别的乡镇');
      const fields = await fieldsOf(body, id);
      let finalId = id;
      if (body.phone !== doc.phone) {
        finalId = rosterId(doc.townshipCode, body.phone);
        if (!(await claimOnce(RosterPersonModel, { _id: finalId, ...fields }))) throw new ConflictError('这个手机号已经在本乡镇的名册里', [{ field: 'body.phone', message: '这个手机号已经在名册里' }]);
        await RosterPersonModel.deleteOne({ _id: id });
        await RosterPersonModel.updateMany({ townshipCode: doc.townshipCode, mentorId: id }, { $set: { mentorId: finalId } });
      } else {
        await RosterPersonModel.updateOne({ _id: id }, { $set: fields });
      }
      if (fields.role !== 'popularizer' && doc.role === 'popularizer') await RosterPersonModel.updateMany({ townshipCode: doc.townshipCode, mentorId: finalId }, { $set: { mentorId: null } });
      people.delete(doc.townshipCode);
      return personIn(await build(doc.townshipCode), finalId);
    },

    async remove(actor: Me, id: string): Promise<void> {
      const doc = await requirePerson(actor, id);
      await RosterPersonModel.deleteOne({ _id: id });
      if (doc.role === 'popularizer') await RosterPersonModel.updateMany({ townshipCode: doc.townshipCode, mentorId: id }, { $set: { mentorId: null } });
      people.delete(doc.townshipCode);
    },

    /** Reads a filled-in roster and reports on every row against the township's roster; stores nothing yet. */
    async previewImport(actor: Me, townshipCode: string | undefined, file: { data: Buffer; fileName: string | null }): Promise<RosterImportReport> {
      const code = scope(actor, townshipCode);
      const [read, existing, list] = await Promise.all([readRosterFile(file.data), peopleOf(code), villages.list(code)]);
      const byId = new Map(existing.map((d) => [d._id, d]));
      const villageByName = new Map(list.map((v) => [v.name, v]));
      const rows: StagedRow[] = read.map((r) => {
        if (!r.person) return { row: r.row, status: 'error', person: null, newVillage: false, problems: r.problems };
        const p = r.person;
        const was = byId.get(rosterId(code, p.phone));
        const village = p.villageName ? villageByName.get(p.villageName) : undefined;
        const same =
          !!was && was.name === p.name && was.role === p.role && (was.villageId ?? null) === (village?.id ?? null) && (was.serviceHours ?? null) === p.serviceHours && !!was.phonePublic === p.phonePublic;
        return { row: r.row, status: !was ? 'new' : same ? 'same' : 'update', person: p, newVillage: !!p.villageName && !village, problems: [] };
      });
      const { importId, expiresAt } = await staging.stage(actor.id, file.fileName, rows, code);
      const count = (s: StagedRow['status']) => rows.filter((r) => r.status === s).length;
      return { importId, townshipCode: code as RosterImportReport['townshipCode'], fileName: file.fileName, rows, counts: { new: count('new'), update: count('update'), same: count('same'), error: count('error') }, expiresAt: expiresAt.toISOString() };
    },

    /**
     * Stores the ticked rows: all or nothing (a ticked row with a problem, or not in the report, is a
     * 400 and nothing is written). Villages named that the township did not have are added first.
     * Importing the same file twice changes nothing the second time.
     */
    async confirmImport(actor: Me, input: { importId: string; rows: readonly number[] }) {
      const { rows: staged, context } = await staging.load(input.importId, actor.id);
      // The township the report was made for; checked again (roles change).
      const townshipCode = scope(actor, context ?? undefined);
      const byRow = new Map(staged.map((r) => [r.row, r]));
      const details: { field: string; message: string }[] = [];
      const chosen = [...new Set(input.rows)].sort((a, b) => a - b);
      for (const n of chosen) {
        const r = byRow.get(n);
        if (!r) details.push({ field: 'body.rows', message: `第 ${n} 行不在导入报告里` });
        else if (r.status === 'error') for (const p of r.problems) details.push({ field: 'body.rows', message: `第 ${n} 行 ${p.field}：${p.problem}` });
      }
      if (details.length > 0) throw new BadRequestError(`不能导入：${details[0]!.message}`, details);
      const villagesAdded: string[] = [];
      const villageIds = new Map((await villages.list(townshipCode)).map((v) => [v.name, v.id]));
      let created = 0;
      let updated = 0;
      let unchanged = 0;
      for (const n of chosen) {
        const { person: p, status } = byRow.get(n)!;
        if (!p) continue;
        let villageId: string | null = null;
        if (p.villageName) {
          villageId = villageIds.get(p.villageName) ?? null;
          if (!villageId) {
            const added = await villages.add(townshipCode, p.villageName).catch(async (err) => {
              if (err instanceof ConflictError) return (await villages.list(townshipCode)).find((v) => v.name === p.villageName)!;
              throw err;
            });
            villageIds.set(added.name, added.id);
            villageId = added.id;
            villagesAdded.push(added.name);
          }
        }
        const _id = rosterId(townshipCode, p.phone);
        const fields = { townshipCode, name: p.name, phone: p.phone, role: p.role, villageId, serviceHours: p.serviceHours, phonePublic: p.phonePublic, townships: p.role === 'adviser' ? [townshipCode] : [] };
        if (status === 'same') {
          unchanged++;
          continue;
        }
        try {
          await RosterPersonModel.create({ _id, mentorId: null, ...fields });
          created++;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          const was = await RosterPersonModel.findById(_id).lean<RosterPersonDoc>();
          // The file has no column for the townships an adviser serves: an update keeps them.
          const townships = p.role === 'adviser' ? [...new Set([townshipCode, ...(was?.role === 'adviser' ? (was.townships ?? []) : [])])] : [];
          await RosterPersonModel.updateOne({ _id }, { $set: { ...fields, townships } });
          if (was?.role === 'popularizer' && p.role !== 'popularizer') await RosterPersonModel.updateMany({ townshipCode, mentorId: _id }, { $set: { mentorId: null } });
          updated++;
        }
      }
      people.delete(townshipCode);
      // The report holds names and phones: not kept once it has served.
      await staging.discard(input.importId);
      return { created, updated, unchanged, villagesAdded };
    },

    async workbookData(actor: Me, townshipCode?: string): Promise<Roster> {
      return build(scope(actor, townshipCode));
    },

    /** A village's 法律明白人 for its residents: names and hours; a phone only where the person agreed. */
    async liaisons(villageId: string): Promise<VillageLiaisons> {
      const v = await villages.find(villageId);
      if (!v) throw new NotFoundError('找不到这个村');
      // Read fresh, not from the kept list: a withdrawn consent to show a phone takes effect at once, on every instance.
      const fresh = await RosterPersonModel.find({ townshipCode: v.townshipCode }).lean<RosterPersonDoc[]>();
      const here = fresh.filter((p) => p.role === 'literate' && p.villageId === v.id).sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
      return { villageId: v.id, villageName: v.name, items: here.map((p) => ({ name: p.name, serviceHours: p.serviceHours ?? null, phone: p.phonePublic ? p.phone : null })) };
    },
  };
}

export type RosterService = ReturnType<typeof createRosterService>;
