import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { TOWNSHIP_CODES } from '@qf/shared';

const geoPoint = new Schema(
  {
    latitude: { type: Number, required: true },
    longitude: { type: Number, required: true },
  },
  { _id: false },
);

const siteSchema = new Schema(
  {
    kind: { type: String, enum: ['county', 'village'], required: true },
    townshipCode: { type: String, enum: [...TOWNSHIP_CODES, null], default: null },
    name: { type: String, required: true },
    intro: { type: String, default: '' },
    photos: { type: [String], default: [] },
    location: { type: geoPoint, required: true },
    address: { type: String, default: '' },
    openingHours: { type: String, default: '' },
    checkinRadiusMeters: { type: Number, required: true },
    isSample: { type: Boolean, default: false },
  },
  { timestamps: true },
);
export type SiteDoc = InferSchemaType<typeof siteSchema> & { _id: mongoose.Types.ObjectId };
export const SiteModel = mongoose.model('GuideSite', siteSchema);

const pointSchema = new Schema(
  {
    siteId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    text: { type: String, default: '' },
    photos: { type: [String], default: [] },
    location: { type: geoPoint, required: true },
    civilCodeArticles: { type: [Number], default: [] },
    constitutionArticles: { type: [Number], default: [] },
    openingHours: { type: String, default: '' },
    routeOrder: { type: Number, required: true },
    isSample: { type: Boolean, default: false },
  },
  { timestamps: true },
);
export type PointDoc = InferSchemaType<typeof pointSchema> & { _id: mongoose.Types.ObjectId };
export const PointModel = mongoose.model('GuidePoint', pointSchema);

/**
 * One per (point, user): `_id` is `${pointId}:${userId}`, so a repeated check-in cannot double.
 * Holds the measured distance and the time; the reported coordinates are never stored.
 */
const checkinSchema = new Schema(
  {
    _id: { type: String },
    pointId: { type: Schema.Types.ObjectId, required: true },
    siteId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    distanceMeters: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
export type CheckinDoc = InferSchemaType<typeof checkinSchema> & { _id: string };
export const CheckinModel = mongoose.model('GuideCheckin', checkinSchema);

/** A user's latest accepted check-in (`_id` = userId), to refuse implausible jumps between points. */
const lastCheckinSchema = new Schema(
  {
    _id: { type: String },
    pointId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
export type LastCheckinDoc = InferSchemaType<typeof lastCheckinSchema> & { _id: string };
export const LastCheckinModel = mongoose.model('GuideLastCheckin', lastCheckinSchema);

/** Route completion badge, one per (site, user): `_id` is `${siteId}:${userId}`. */
const badgeSchema = new Schema(
  {
    _id: { type: String },
    siteId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    earnedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
export type BadgeDoc = InferSchemaType<typeof badgeSchema> & { _id: string };
export const BadgeModel = mongoose.model('GuideBadge', badgeSchema);
