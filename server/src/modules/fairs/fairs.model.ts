import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { TOWNSHIP_CODES } from '@qf/shared';

const geoPoint = {
  latitude: { type: Number, required: true },
  longitude: { type: Number, required: true },
};

const marketSchema = new Schema(
  {
    townshipCode: { type: String, enum: TOWNSHIP_CODES, required: true },
    name: { type: String, required: true },
    village: { type: String, required: true },
    address: { type: String, required: true },
    location: { type: new Schema(geoPoint, { _id: false }), required: true },
    rule: {
      type: new Schema(
        {
          kind: { type: String, enum: ['days', 'endsWith'], required: true },
          days: { type: [Number], default: undefined },
          digits: { type: [Number], default: undefined },
        },
        { _id: false },
      ),
      required: true,
    },
    solarDays: { type: [Number], default: [] },
    note: { type: String, default: '' },
    active: { type: Boolean, default: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true },
);

export type MarketDoc = InferSchemaType<typeof marketSchema> & { _id: mongoose.Types.ObjectId };
export const MarketModel = mongoose.model('FairMarket', marketSchema);

const recordSchema = new Schema(
  {
    consulted: { type: Number, required: true },
    topics: { type: [String], default: [] },
    materials: { type: Number, required: true },
    referredMediation: { type: Number, required: true },
    referredLegalAid: { type: Number, required: true },
    note: { type: String, default: '' },
    recordedAt: { type: Date, required: true },
    recordedBy: { type: Schema.Types.ObjectId, required: true },
  },
  { _id: false },
);

/** One law fair: the office's stall at a market on one day. `_id` is `${marketId}:${date}`, so a day is planned once. */
const fairSchema = new Schema(
  {
    _id: { type: String },
    marketId: { type: Schema.Types.ObjectId, required: true },
    townshipCode: { type: String, enum: TOWNSHIP_CODES, required: true },
    date: { type: String, required: true },
    year: { type: Number, required: true },
    services: { type: [String], default: [] },
    units: { type: [String], default: [] },
    staff: { type: [String], default: [] },
    startTime: { type: String, required: true },
    endTime: { type: String, required: true },
    note: { type: String, default: '' },
    status: { type: String, enum: ['planned', 'held'], default: 'planned' },
    record: { type: recordSchema, default: null },
    createdBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true },
);

export type FairDoc = InferSchemaType<typeof fairSchema> & { _id: string };
export const FairModel = mongoose.model('LawFair', fairSchema);
