import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { LectureStatus, TOWNSHIP_CODES } from '@qf/shared';

/**
 * A lecture. Its counters (seats left, sign-ups, check-ins) are recounted from the seat,
 * registration and attendance documents after each change: they are for display, never the
 * source of truth.
 */
const lectureSchema = new Schema(
  {
    townshipCode: { type: String, enum: TOWNSHIP_CODES, required: true },
    /** County calendar year and month of the start, for progress and reports. */
    year: { type: Number, required: true },
    month: { type: Number, required: true },
    title: { type: String, required: true },
    topics: { type: [String], default: [] },
    speakerName: { type: String, required: true },
    speakerUnit: { type: String, required: true },
    venueName: { type: String, required: true },
    venueAddress: { type: String, required: true },
    latitude: { type: Number, default: null },
    longitude: { type: Number, default: null },
    startAt: { type: Date, required: true },
    endAt: { type: Date, required: true },
    capacity: { type: Number, required: true },
    notes: { type: String, default: '' },
    status: { type: String, enum: LectureStatus.options, default: 'draft' },
    cancelReason: { type: String, default: null },
    createdBy: { type: Schema.Types.ObjectId, default: null },
    publishedAt: { type: Date, default: null },
    cancelledAt: { type: Date, default: null },
    // counters, recounted after each change (for lists; the detail recounts on read)
    seatsLeft: { type: Number, required: true },
    registeredCount: { type: Number, default: 0 },
    waitlistCount: { type: Number, default: 0 },
    checkInCount: { type: Number, default: 0 },
    walkIns: { type: Number, default: 0 },
    /** Set before a change and cleared by the recount after it: a crash in between leaves it set, and the next read recounts. */
    countersStale: { type: Boolean, default: false },
    // evidence
    photoIds: { type: [String], default: [] },
    headcount: { type: Number, default: 0 },
    heldAt: { type: Date, default: null },
    /** Marks seed content staff should replace. */
    sample: { type: Boolean, default: false },
  },
  { timestamps: true },
);
lectureSchema.index({ townshipCode: 1, year: 1 });
lectureSchema.index({ startAt: 1 });

export type LectureDoc = InferSchemaType<typeof lectureSchema> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
export const LectureModel = mongoose.model('Lecture', lectureSchema);

/**
 * One per (lecture, user): `_id = ${lectureId}:${userId}`, so a second sign-up finds the first.
 * It exists while the person is signed up (seated or waiting); cancelling deletes it. Whether the
 * person has a seat is told by `seatNo`, set by whoever inserted their seat document.
 *
 * FerretDB (SQLite) does not apply a guarded update atomically (the filter is read, then the
 * document is written), so nothing here rests on one: every invariant rests on inserts that a
 * unique index refuses the second time.
 */
const registrationSchema = new Schema(
  {
    _id: { type: String },
    lectureId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    /** Arrival order for the waitlist: the instant the sign-up arrived, then a per-process sequence. */
    arrivedAt: { type: Date, required: true },
    arrivalSeq: { type: Number, required: true },
    seatNo: { type: Number, default: null },
    /** Set once a sign-up found no seat: the person is on the waitlist until promoted. */
    waiting: { type: Boolean, default: false },
    promotedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
registrationSchema.index({ lectureId: 1 });
registrationSchema.index({ userId: 1 });

export type RegistrationDoc = InferSchemaType<typeof registrationSchema> & { _id: string; createdAt: Date; updatedAt: Date };
export const RegistrationModel = mongoose.model('LectureRegistration', registrationSchema);

/**
 * A seat: `_id = ${lectureId}:${n}` with n in 1..capacity, so no more than `capacity` can ever
 * exist, and a unique (lectureId, userId) index, so nobody holds two. Taking a seat is an insert.
 */
const seatSchema = new Schema(
  {
    _id: { type: String },
    lectureId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    promoted: { type: Boolean, default: false },
  },
  { timestamps: true },
);
seatSchema.index({ lectureId: 1, userId: 1 }, { unique: true });

export type SeatDoc = InferSchemaType<typeof seatSchema> & { _id: string };
export const SeatModel = mongoose.model('LectureSeat', seatSchema);

/**
 * One per person present: `_id = ${lectureId}:u:${userId}` for a resident with an account,
 * `${lectureId}:n:${name}:${phone}` for somebody checked in by name. The unique _id is what makes
 * 200 repeats of the same check-in one record.
 */
const attendanceSchema = new Schema(
  {
    _id: { type: String },
    lectureId: { type: Schema.Types.ObjectId, required: true },
    townshipCode: { type: String, required: true },
    year: { type: Number, required: true },
    month: { type: Number, required: true },
    userId: { type: Schema.Types.ObjectId, default: null },
    name: { type: String, required: true },
    phone: { type: String, default: null },
    method: { type: String, enum: ['scan', 'proxy', 'proxy_name'], required: true },
    by: { type: Schema.Types.ObjectId, default: null },
    at: { type: Date, required: true },
  },
  { timestamps: false },
);
attendanceSchema.index({ lectureId: 1 });
attendanceSchema.index({ userId: 1 });
attendanceSchema.index({ year: 1 });

export type AttendanceDoc = InferSchemaType<typeof attendanceSchema> & { _id: string };
export const AttendanceModel = mongoose.model('LectureAttendance', attendanceSchema);

/** A county-set quota for one year (`_id` = the year as text); absent means the default of 20. */
const quotaSchema = new Schema(
  {
    _id: { type: String },
    quota: { type: Number, required: true },
    setBy: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true },
);
export const LectureQuotaModel = mongoose.model('LectureQuota', quotaSchema);

/**
 * One subscription-message reminder: `_id = ${lectureId}:${userId}:${kind}`. The periodic task
 * claims each attempt by inserting a ReminderClaim, so with several instances it is sent once.
 */
const reminderSchema = new Schema(
  {
    _id: { type: String },
    lectureId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    openid: { type: String, required: true },
    templateId: { type: String, required: true },
    kind: { type: String, enum: ['day_before', 'two_hours', 'cancelled', 'promoted', 'after_check'], required: true },
    dueAt: { type: Date, required: true },
    status: { type: String, enum: ['pending', 'sending', 'sent', 'failed', 'refused', 'skipped'], default: 'pending' },
    claimedAt: { type: Date, default: null },
    sentAt: { type: Date, default: null },
    attempts: { type: Number, default: 0 },
    lastError: { type: String, default: null },
    note: { type: String, default: null },
  },
  { timestamps: true },
);
reminderSchema.index({ status: 1, dueAt: 1 });
reminderSchema.index({ lectureId: 1 });

export type ReminderDoc = InferSchemaType<typeof reminderSchema> & { _id: string };
export const ReminderModel = mongoose.model('LectureReminder', reminderSchema);

/**
 * The claim on one send attempt of a reminder: `_id = ${reminderId}#${attempt}`. Only the instance
 * whose insert succeeds sends; the others get a duplicate-key error and move on.
 */
const reminderClaimSchema = new Schema({ _id: { type: String }, at: { type: Date, required: true } }, { timestamps: false });
export const ReminderClaimModel = mongoose.model('LectureReminderClaim', reminderClaimSchema);
