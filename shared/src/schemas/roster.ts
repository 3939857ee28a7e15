import { z } from 'zod';
import { ObjectIdString, Text } from './common';
import { TownshipCodeSchema } from './townships';
import { ImportProblem } from './quiz-bank';
import { ROSTER_ROLES } from '../data/roster';

export const RosterRole = z.enum(ROSTER_ROLES, { error: '请选择身份：法律明白人、普法员或法律顾问' });
export type RosterRole = z.infer<typeof RosterRole>;
export const RosterPhone = z.string().trim().regex(/^1[3-9]\d{9}$/, '请填 11 位手机号');

/** A person on a township's roster. A 法律明白人 belongs to a village; a 普法员 may mentor 明白人; a 法律顾问 serves townships. */
export const RosterPersonBody = z
  .strictObject({
    townshipCode: TownshipCodeSchema,
    name: Text(20),
    phone: RosterPhone,
    role: RosterRole,
    villageId: ObjectIdString.optional(),
    /** For a 法律明白人: the 普法员 (on this roster) who mentors him. */
    mentorId: ObjectIdString.optional(),
    serviceHours: Text(40).optional(),
    /** He agreed that residents may see his phone number (it is shown with his village's 明白人 on 问一问). */
    phonePublic: z.boolean().default(false),
    /** For a 法律顾问: the townships he serves (this one when left out). */
    townships: z.array(TownshipCodeSchema).max(17).optional(),
  })
  .refine((b) => b.role !== 'literate' || !!b.villageId, { message: '法律明白人要选他所在的村', path: ['villageId'] });
export type RosterPersonBody = z.infer<typeof RosterPersonBody>;

export const RosterPerson = z.object({
  id: ObjectIdString,
  townshipCode: TownshipCodeSchema,
  name: z.string(),
  phone: z.string(),
  role: RosterRole,
  villageId: z.string().nullable(),
  villageName: z.string().nullable(),
  mentorId: z.string().nullable(),
  mentorName: z.string().nullable(),
  serviceHours: z.string().nullable(),
  phonePublic: z.boolean(),
  townships: z.array(TownshipCodeSchema),
});
export type RosterPerson = z.infer<typeof RosterPerson>;

export const RosterPersonParams = z.strictObject({ id: ObjectIdString });
export const RosterQuery = z.strictObject({ townshipCode: TownshipCodeSchema.optional() });

/** A township's roster as the office reads it: villages with their 明白人 (and how many are missing), 普法员 with whom they mentor, 法律顾问. */
export const Roster = z.object({
  townshipCode: TownshipCodeSchema,
  minPerVillage: z.number().int(),
  villages: z.array(z.object({ id: z.string(), name: z.string(), literates: z.array(RosterPerson), missing: z.number().int() })),
  /** Villages with fewer 明白人 than the norm. */
  shortVillages: z.number().int(),
  popularizers: z.array(RosterPerson.extend({ mentees: z.array(z.string()) })),
  advisers: z.array(RosterPerson),
  /** 法律明白人 whose village is not (or no longer) on the township's list. */
  unplaced: z.array(RosterPerson),
  total: z.number().int(),
});
export type Roster = z.infer<typeof Roster>;

export const RosterImportRow = z.object({
  row: z.number().int(),
  /** new: will be added; update: the phone is on the roster, its details change; same: nothing changes; error: cannot be imported. */
  status: z.enum(['new', 'update', 'same', 'error']),
  person: z.object({ name: z.string(), phone: z.string(), role: RosterRole, villageName: z.string().nullable(), serviceHours: z.string().nullable(), phonePublic: z.boolean() }).nullable(),
  /** The village is not on the township's list yet: confirming adds it. */
  newVillage: z.boolean(),
  problems: z.array(ImportProblem),
});
export type RosterImportRow = z.infer<typeof RosterImportRow>;

export const RosterImportReport = z.object({
  importId: z.string(),
  townshipCode: TownshipCodeSchema,
  fileName: z.string().nullable(),
  rows: z.array(RosterImportRow),
  counts: z.object({ new: z.number().int(), update: z.number().int(), same: z.number().int(), error: z.number().int() }),
  expiresAt: z.string(),
});
export type RosterImportReport = z.infer<typeof RosterImportReport>;

export const RosterImportConfirmBody = z.strictObject({ importId: z.string().regex(/^[0-9a-f]{24}$/, '找不到这次导入'), rows: z.array(z.number().int().min(2)).min(1, '请至少勾选一行').max(1000) });
export const RosterImportResult = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), villagesAdded: z.array(z.string()) });

/** What a resident sees of his village's 法律明白人: name and hours; the phone only where the person agreed. */
export const VillageLiaisons = z.object({
  villageId: z.string(),
  villageName: z.string(),
  items: z.array(z.object({ name: z.string(), serviceHours: z.string().nullable(), phone: z.string().nullable() })),
});
export type VillageLiaisons = z.infer<typeof VillageLiaisons>;
