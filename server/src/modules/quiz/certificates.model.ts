import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** An electronic certificate, `_id` = its verification code (10 characters, no 0/O/1/I). */
const certificateSchema = new Schema(
  {
    _id: { type: String },
    campaignId: { type: String, required: true },
    campaignTitle: { type: String, required: true },
    userId: { type: String, required: true },
    holderName: { type: String, required: true },
    townshipCode: { type: String, default: null },
    score: { type: Number, required: true },
    issuedAt: { type: Date, required: true },
    /** Set when the holder closed his account (注销): the public check then says it was withdrawn. */
    withdrawnAt: { type: Date, default: null },
  },
  { versionKey: false },
);
export type CertificateDoc = InferSchemaType<typeof certificateSchema> & { _id: string };
export const CertificateModel = mongoose.model('QuizCertificate', certificateSchema, 'quiz_certificates');

/** A person's certificates, `_id` = userId, so "my certificates" is one read by `_id`. */
const certificateIndexSchema = new Schema(
  {
    _id: { type: String },
    codes: { type: [String], default: [] },
  },
  { versionKey: false },
);
export const CertificateIndexModel = mongoose.model('QuizCertificateIndex', certificateIndexSchema, 'quiz_certificate_index');
