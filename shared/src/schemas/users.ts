import { z } from 'zod';
import { ObjectIdString, Text } from './common';
import { TownshipCodeSchema } from './townships';
import { ROLES } from '../data/roles';
import { DISPLAY_MODES } from '../data/display-mode';

export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** What a user may see about themselves. The openid never leaves the server. */
export const Me = z.object({
  id: ObjectIdString,
  displayName: z.string(),
  townshipCode: TownshipCodeSchema.nullable(),
  roles: z.array(Role),
  /** The township a township_staff member may act for; null for everybody else. */
  staffTownshipCode: TownshipCodeSchema.nullable(),
  /** The townships a 法律顾问 serves (role `adviser`); empty for everybody else. */
  adviserTownshipCodes: z.array(TownshipCodeSchema),
  /** 标准版 / 长辈版, once chosen (null: not yet asked). */
  displayMode: z.enum(DISPLAY_MODES).nullable(),
});
export type Me = z.infer<typeof Me>;

export const UpdateMeBody = z.strictObject({
  displayName: Text(20).optional(),
  townshipCode: TownshipCodeSchema.optional(),
  displayMode: z.enum(DISPLAY_MODES, { error: '请选择标准版或长辈版' }).optional(),
});
export type UpdateMeBody = z.infer<typeof UpdateMeBody>;

export const AssignRolesBody = z
  .strictObject({
    roles: z.array(Role).min(1).max(ROLES.length),
    staffTownshipCode: TownshipCodeSchema.nullable().optional(),
    adviserTownshipCodes: z.array(TownshipCodeSchema).max(17).optional(),
  })
  .refine((b) => !b.roles.includes('township_staff') || !!b.staffTownshipCode, {
    message: '司法所工作人员必须指定所属乡镇',
    path: ['staffTownshipCode'],
  })
  .refine((b) => !b.roles.includes('adviser') || (b.adviserTownshipCodes?.length ?? 0) > 0, {
    message: '法律顾问必须指定服务的乡镇',
    path: ['adviserTownshipCodes'],
  });
export type AssignRolesBody = z.infer<typeof AssignRolesBody>;

export const UserIdParams = z.strictObject({ id: ObjectIdString });

export const UserListQuery = z.strictObject({
  role: Role.optional(),
  townshipCode: TownshipCodeSchema.optional(),
  q: z.string().trim().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

/** What staff see about another user: no openid, no phone. */
export const UserSummary = z.object({
  id: ObjectIdString,
  displayName: z.string(),
  townshipCode: TownshipCodeSchema.nullable(),
  roles: z.array(Role),
  staffTownshipCode: TownshipCodeSchema.nullable(),
  adviserTownshipCodes: z.array(TownshipCodeSchema),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const TownshipParams = z.strictObject({ code: TownshipCodeSchema });

export const TownshipUsersQuery = z.strictObject({
  role: Role.optional(),
  q: z.string().trim().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type TownshipUsersQuery = z.infer<typeof TownshipUsersQuery>;

/** Township staff give or take the 法律顾问 role for their own township. */
export const TownshipAdviserParams = z.strictObject({ code: TownshipCodeSchema, id: ObjectIdString });

/** The name that replaces a person's own after 注销, wherever a record of him must stay. */
export const FORGOTTEN_NAME = '已注销用户';

/** 注销: the person confirms on the screen that he means it; the body says so. */
export const CloseAccountBody = z.strictObject({ confirm: z.literal(true, { message: '请先确认要注销账号' }) });
export type CloseAccountBody = z.infer<typeof CloseAccountBody>;
