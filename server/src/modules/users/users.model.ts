import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { DISPLAY_MODES, ROLES, TOWNSHIP_CODES } from '@qf/shared';

const userSchema = new Schema(
  {
    displayName: { type: String, required: true, maxlength: 20 },
    townshipCode: { type: String, enum: [...TOWNSHIP_CODES, null], default: null },
    roles: { type: [{ type: String, enum: ROLES }], default: ['resident'] },
    staffTownshipCode: { type: String, enum: [...TOWNSHIP_CODES, null], default: null },
    /** The townships a 法律顾问 serves (role `adviser`). */
    adviserTownshipCodes: { type: [{ type: String, enum: TOWNSHIP_CODES }], default: [] },
    /** 标准版 / 长辈版 as the person chose it (null until asked). */
    displayMode: { type: String, enum: [...DISPLAY_MODES, null], default: null },
  },
  { timestamps: true },
);

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: mongoose.Types.ObjectId };
export const User = mongoose.model('User', userSchema);

/**
 * The WeChat identity behind a user, keyed by openid so that login reads by _id (the only filter
 * FerretDB's SQLite handler pushes down). Kept apart from the user so the openid and session_key
 * can never be returned with a user.
 */
const identitySchema = new Schema(
  {
    _id: { type: String },
    userId: { type: Schema.Types.ObjectId, required: true },
    sessionKey: { type: String, default: null },
  },
  { timestamps: true },
);
export type IdentityDoc = InferSchemaType<typeof identitySchema> & { _id: string; userId: mongoose.Types.ObjectId };
export const Identity = mongoose.model('Identity', identitySchema);
