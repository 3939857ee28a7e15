import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { createHash } from 'node:crypto';
import { ROSTER_ROLES } from '@qf/shared';

/**
 * A person on a township's roster (名册). `_id` is derived from the township and the phone, so the
 * same person imported twice, or added by two clerks at once, is one document (the insert of the
 * second is refused), and the phone never appears in an address.
 */
const rosterPersonSchema = new Schema(
  {
    _id: { type: String },
    townshipCode: { type: String, required: true },
    name: { type: String, required: true },
    phone: { type: String, required: true },
    role: { type: String, enum: ROSTER_ROLES, required: true },
    villageId: { type: String, default: null },
    mentorId: { type: String, default: null },
    serviceHours: { type: String, default: null },
    phonePublic: { type: Boolean, default: false },
    townships: { type: [String], default: [] },
  },
  { timestamps: true },
);
rosterPersonSchema.index({ townshipCode: 1 });

export type RosterPersonDoc = InferSchemaType<typeof rosterPersonSchema> & { _id: string };
export const RosterPersonModel = mongoose.model('RosterPerson', rosterPersonSchema, 'roster_people');

export const rosterId = (townshipCode: string, phone: string) => createHash('sha256').update(`${townshipCode}:${phone}`).digest('hex').slice(0, 24);
