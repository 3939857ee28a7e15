import mongoose from 'mongoose';
import { normalizeRoles, type AssignRolesBody, type Me, type Role, type UpdateMeBody, type UserListQuery, type UserSummary } from '@qf/shared';
import { NotFoundError } from '../../http/errors';
import { Identity, User, type IdentityDoc, type UserDoc } from './users.model';
import { createTtlCache } from '../../lib/ttl-cache';
import { readById } from '../../db/by-id';
import { oid, parseId } from '../../db/ids';
import { trusted } from '../../db/trusted';
import { isDuplicateKey } from '../../db/unique';

export function toMe(doc: Pick<UserDoc, '_id' | 'displayName' | 'townshipCode' | 'roles' | 'staffTownshipCode'> & { adviserTownshipCodes?: readonly string[] | null; displayMode?: string | null }): Me {
  const roles = normalizeRoles(doc.roles as Role[]);
  return {
    id: doc._id.toString(),
    displayName: doc.displayName,
    townshipCode: (doc.townshipCode ?? null) as Me['townshipCode'],
    roles,
    staffTownshipCode: (doc.staffTownshipCode ?? null) as Me['staffTownshipCode'],
    adviserTownshipCodes: (roles.includes('adviser') ? [...(doc.adviserTownshipCodes ?? [])] : []) as Me['adviserTownshipCodes'],
    displayMode: (doc.displayMode ?? null) as Me['displayMode'],
  };
}

// Others see who someone is and what they do, not how their screen is set.
const toSummary = (doc: UserDoc): UserSummary => {
  const { displayMode: _mode, ...summary } = toMe(doc);
  return summary;
};

function escapeRegex(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `signedInCacheMs`: how long the user behind a session (roles, townships) is remembered between
 * requests. Every signed-in request needs it; during a county quiz that read was one of a
 * submission's four. Changes made here take effect at once on this instance; on other instances,
 * and for edits made straight in the database, within that time. 0 reads it on every request
 * (concurrent requests of one user still share the read).
 */
export function createUsersService(options: { signedInCacheMs?: number } = {}) {
  const signedIn = createTtlCache<Me | null>(options.signedInCacheMs ?? 0, Date.now, { stretch: false });

  async function readMe(id: string): Promise<Me | null> {
    // Straight through the driver: the one read every signed-in request makes.
    const doc = await readById<UserDoc>(User, oid(id));
    if (!doc) return null;
    // Shared by every request in the cache time: frozen, so no handler can change it for the others.
    const me = toMe(doc);
    Object.freeze(me.roles);
    Object.freeze(me.adviserTownshipCodes);
    return Object.freeze(me);
  }

  return {
    async findById(id: string): Promise<Me | null> {
      if (!parseId(id)) return null;
      return signedIn.get(id, () => readMe(id));
    },

    /**
     * Finds or creates the user behind an openid. Safe under concurrent first logins without
     * relying on atomic upserts (FerretDB has none): the identity and the user are each created by
     * an insert on a fixed _id, which the primary key lets succeed once; the losers read the winner's.
     */
    async findOrCreateByOpenid(openid: string, init: { displayName: string; sessionKey?: string | null; extraRoles?: Role[] }): Promise<Me> {
      let identity = await Identity.findById(openid).lean<IdentityDoc>();
      if (!identity) {
        try {
          identity = (await Identity.create({ _id: openid, userId: new mongoose.Types.ObjectId(), sessionKey: init.sessionKey ?? null })).toObject() as IdentityDoc;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          identity = await Identity.findById(openid).lean<IdentityDoc>();
        }
      } else if (init.sessionKey) {
        await Identity.updateOne({ _id: openid }, { $set: { sessionKey: init.sessionKey } });
      }
      if (!identity) throw new Error('identity vanished after it was created');

      const extraRoles = init.extraRoles ?? [];
      let user = await User.findById(identity.userId).lean<UserDoc>();
      if (!user) {
        try {
          await User.create({ _id: identity.userId, displayName: init.displayName, roles: normalizeRoles(extraRoles) });
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
        user = await User.findById(identity.userId).lean<UserDoc>();
      } else if (extraRoles.some((r) => !user!.roles.includes(r))) {
        user = await User.findByIdAndUpdate(identity.userId, { $set: { roles: normalizeRoles([...(user.roles as Role[]), ...extraRoles]) } }, { returnDocument: 'after' }).lean<UserDoc>();
      }
      if (!user) throw new Error('user vanished after it was created');
      signedIn.delete(user._id.toString());
      return toMe(user);
    },

    async updateMe(id: string, patch: UpdateMeBody): Promise<Me> {
      const doc = await User.findByIdAndUpdate(id, { $set: patch }, { returnDocument: 'after', runValidators: true }).lean<UserDoc>();
      signedIn.delete(id);
      if (!doc) throw new NotFoundError('账号不存在');
      return toMe(doc);
    },

    async assignRoles(id: string, body: AssignRolesBody): Promise<Me> {
      const roles = normalizeRoles(body.roles);
      const staffTownshipCode = roles.includes('township_staff') ? (body.staffTownshipCode ?? null) : null;
      const adviserTownshipCodes = roles.includes('adviser') ? [...new Set(body.adviserTownshipCodes ?? [])] : [];
      const doc = await User.findByIdAndUpdate(id, { $set: { roles, staffTownshipCode, adviserTownshipCodes } }, { returnDocument: 'after', runValidators: true }).lean<UserDoc>();
      signedIn.delete(id);
      if (!doc) throw new NotFoundError('找不到该用户');
      return toMe(doc);
    },

    /** The WeChat openid a user signed in with, or null (staff created without WeChat). */
    async openidOf(userId: string): Promise<string | null> {
      if (!mongoose.isValidObjectId(userId)) return null;
      const identity = await Identity.findOne({ userId: oid(userId) }).lean<IdentityDoc>();
      return identity ? String(identity._id) : null;
    },

    /** When the account was made and whether it is tied to WeChat: for 导出我的数据. */
    async profileOf(id: string): Promise<{ createdAt: Date | null; hasWechat: boolean } | null> {
      const doc = await readById<UserDoc & { createdAt?: Date }>(User, oid(id));
      if (!doc) return null;
      return { createdAt: doc.createdAt ?? null, hasWechat: !!(await Identity.exists({ userId: oid(id) })) };
    },

    /**
     * 注销, the last step: the WeChat link (openid, session key) and the account itself are deleted.
     * Records other features keep under his id no longer lead to anybody, and the same WeChat
     * signing in later becomes a new person. His tokens stop working at the next request.
     */
    async forget(id: string): Promise<void> {
      await Identity.deleteMany({ userId: oid(id) });
      await User.deleteOne({ _id: oid(id) });
      signedIn.delete(id);
    },

    /** Display names of several users, by id (those not found are left out). */
    async displayNames(ids: readonly (string | mongoose.Types.ObjectId)[]): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const people = await User.find(trusted({ _id: { $in: [...ids] } }), { displayName: 1 }).lean<Pick<UserDoc, '_id' | 'displayName'>[]>();
      return new Map(people.map((p) => [p._id.toString(), p.displayName]));
    },

    /**
     * Township staff (or a county admin) make a user a 法律顾问 for one township, or take that
     * township away; the role goes when he serves no township any more. Other roles are untouched.
     */
    async setAdviserTownship(id: string, townshipCode: string, serves: boolean): Promise<Me> {
      if (!mongoose.isValidObjectId(id)) throw new NotFoundError('找不到该用户');
      const current = await User.findById(id).lean<UserDoc>();
      if (!current) throw new NotFoundError('找不到该用户');
      const codes = new Set<string>(current.roles.includes('adviser') ? (current.adviserTownshipCodes ?? []) : []);
      if (serves) codes.add(townshipCode);
      else codes.delete(townshipCode);
      const others = (current.roles as Role[]).filter((r) => r !== 'adviser');
      const roles = normalizeRoles(codes.size ? [...others, 'adviser'] : others);
      const doc = await User.findByIdAndUpdate(id, { $set: { roles, adviserTownshipCodes: [...codes].sort() } }, { returnDocument: 'after', runValidators: true }).lean<UserDoc>();
      signedIn.delete(id);
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
