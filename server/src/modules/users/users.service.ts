import mongoose from 'mongoose';
import { normalizeRoles, type AssignRolesBody, type Me, type Role, type UpdateMeBody, type UserListQuery, type UserSummary } from '@qf/shared';
import { NotFoundError } from '../../http/errors';
import { Identity, User, type UserDoc } from './users.model';

export function toMe(doc: Pick<UserDoc, '_id' | 'displayName' | 'townshipCode' | 'roles' | 'staffTownshipCode'>): Me {
  return {
    id: doc._id.toString(),
    displayName: doc.displayName,
    townshipCode: (doc.townshipCode ?? null) as Me['townshipCode'],
    roles: normalizeRoles(doc.roles as Role[]),
    staffTownshipCode: (doc.staffTownshipCode ?? null) as Me['staffTownshipCode'],
  };
}

const toSummary = (doc: UserDoc): UserSummary => toMe(doc);

function escapeRegex(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createUsersService() {
  return {
    async findById(id: string): Promise<Me | null> {
      if (!mongoose.isValidObjectId(id)) return null;
      const doc = await User.findById(id).lean<UserDoc>();
      return doc ? toMe(doc) : null;
    },

    /**
     * Finds or creates the user behind an openid. Safe under concurrent first logins: the identity
     * is upserted on its _id (unique), and the user document is upserted on the id it names.
     */
    async findOrCreateByOpenid(openid: string, init: { displayName: string; sessionKey?: string | null; extraRoles?: Role[] }): Promise<Me> {
      const candidateId = new mongoose.Types.ObjectId();
      let identity;
      try {
        identity = await Identity.findOneAndUpdate(
          { _id: openid },
          { $setOnInsert: { userId: candidateId }, ...(init.sessionKey ? { $set: { sessionKey: init.sessionKey } } : {}) },
          { upsert: true, returnDocument: 'after' },
        ).lean();
      } catch (err) {
        // Two first logins raced on the same openid: the other one inserted; read what it wrote.
        if ((err as { code?: number }).code !== 11000) throw err;
        identity = await Identity.findById(openid).lean();
      }
      if (!identity) throw new Error('identity upsert returned nothing');
      const user = await User.findOneAndUpdate(
        { _id: identity.userId },
        {
          $setOnInsert: { displayName: init.displayName, townshipCode: null, staffTownshipCode: null },
          $addToSet: { roles: { $each: ['resident', ...(init.extraRoles ?? [])] } },
        },
        { upsert: true, returnDocument: 'after' },
      ).lean<UserDoc>();
      if (!user) throw new Error('user upsert returned nothing');
      return toMe(user);
    },

    async updateMe(id: string, patch: UpdateMeBody): Promise<Me> {
      const doc = await User.findByIdAndUpdate(id, { $set: patch }, { returnDocument: 'after', runValidators: true }).lean<UserDoc>();
      if (!doc) throw new NotFoundError('账号不存在');
      return toMe(doc);
    },

    async assignRoles(id: string, body: AssignRolesBody): Promise<Me> {
      const roles = normalizeRoles(body.roles);
      const staffTownshipCode = roles.includes('township_staff') ? (body.staffTownshipCode ?? null) : null;
      const doc = await User.findByIdAndUpdate(id, { $set: { roles, staffTownshipCode } }, { returnDocument: 'after', runValidators: true }).lean<UserDoc>();
      if (!doc) throw new NotFoundError('找不到该用户');
      return toMe(doc);
    },

    async list(query: UserListQuery) {
      const filter: Record<string, unknown> = {};
      if (query.role) filter.roles = query.role;
      if (query.townshipCode) filter.townshipCode = query.townshipCode;
      if (query.q) filter.displayName = mongoose.trusted({ $regex: escapeRegex(query.q) });
      const [docs, total] = await Promise.all([
        User.find(filter).sort({ createdAt: -1 }).skip(query.offset).limit(query.limit).lean<UserDoc[]>(),
        User.countDocuments(filter),
      ]);
      return { items: docs.map(toSummary), total, limit: query.limit, offset: query.offset };
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
