import { z } from 'zod';
import { IsoDateTime, ObjectIdString, Page, Text, Year } from './common';
import { GeoPoint } from './geo';
import { TopicTags } from './topics';
import { TownshipCodeSchema } from './townships';
import { Upload, UploadId } from './uploads';

/**
 * Township lectures (法治讲座): planning, sign-up with waitlist, check-in, evidence, progress
 * against the annual quota, participation figures and reports.
 */
export const LectureStatus = z.enum(['draft', 'published', 'held', 'cancelled']);
export type LectureStatus = z.infer<typeof LectureStatus>;

export const LECTURE_STATUS_LABELS: Record<LectureStatus, string> = {
  draft: '草稿',
  published: '已发布',
  held: '已举办',
  cancelled: '已取消',
};

export const MAX_LECTURE_CAPACITY = 5000;

export const Speaker = z.strictObject({
  name: Text(20),
  /** The speaker's unit, e.g. the law firm or office of the 法律顾问. */
  unit: Text(50),
});

/**
 * The place: a name and address people can find; the map point is optional (picked on a map in
 * WeChat, or the clerk's own position on H5). Without it the lecture simply has no 「看地图」.
 */
export const Venue = z.strictObject({
  name: Text(50),
  address: Text(100),
  location: GeoPoint.nullable().optional(),
});

const Capacity = z
  .number({ message: '请填写人数上限' })
  .int('人数上限必须是整数')
  .min(1, '人数上限至少为 1')
  .max(MAX_LECTURE_CAPACITY, `人数上限不能超过 ${MAX_LECTURE_CAPACITY}`);

const Notes = z.string().trim().max(500, '不能超过 500 个字');

const lectureFields = {
  townshipCode: TownshipCodeSchema,
  title: Text(60),
  topics: TopicTags.default([]),
  speaker: Speaker,
  venue: Venue,
  startAt: IsoDateTime,
  endAt: IsoDateTime,
  capacity: Capacity,
  notes: Notes.default(''),
};

const endAfterStart = (b: { startAt?: string; endAt?: string }) => !b.startAt || !b.endAt || Date.parse(b.endAt) > Date.parse(b.startAt);
const notTooLong = (b: { startAt?: string; endAt?: string }) => !b.startAt || !b.endAt || Date.parse(b.endAt) - Date.parse(b.startAt) <= 12 * 3600_000;

export const CreateLectureBody = z
  .strictObject({
    /**
     * An id the form makes before its first save. Sent again (a lost answer, a second tap), it
     * returns the lecture already made instead of a copy.
     */
    id: ObjectIdString.optional(),
    ...lectureFields,
  })
  .refine(endAfterStart, { message: '结束时间必须晚于开始时间', path: ['endAt'] })
  .refine(notTooLong, { message: '一场讲座不能超过 12 小时', path: ['endAt'] });
export type CreateLectureBody = z.infer<typeof CreateLectureBody>;

/** Edits: any field but the township; start and end are checked together against the stored ones by the server. */
export const UpdateLectureBody = z
  .strictObject({
    title: lectureFields.title.optional(),
    topics: TopicTags.optional(),
    speaker: Speaker.optional(),
    venue: Venue.optional(),
    startAt: IsoDateTime.optional(),
    endAt: IsoDateTime.optional(),
    capacity: Capacity.optional(),
    notes: Notes.optional(),
  })
  .refine(endAfterStart, { message: '结束时间必须晚于开始时间', path: ['endAt'] });
export type UpdateLectureBody = z.infer<typeof UpdateLectureBody>;

export const CancelLectureBody = z.strictObject({ reason: Text(200) });
export type CancelLectureBody = z.infer<typeof CancelLectureBody>;

/** Clone to a later date: the new draft keeps everything but the time (and keeps the duration). */
export const CloneLectureBody = z.strictObject({ startAt: IsoDateTime });
export type CloneLectureBody = z.infer<typeof CloneLectureBody>;

export const LectureIdParams = z.strictObject({ id: ObjectIdString });

export const RegistrationStatus = z.enum(['registered', 'waitlisted', 'cancelled']);
export type RegistrationStatus = z.infer<typeof RegistrationStatus>;

/** The caller's own place at a lecture. */
export const MyRegistration = z.object({
  /** Null when the caller never signed up but was checked in (walk-in, 代签). */
  status: RegistrationStatus.nullable(),
  /** 1-based place in the waitlist while waitlisted; null otherwise. */
  waitlistPosition: z.number().int().nullable(),
  /** When a waitlisted sign-up got a seat; shown so the resident knows. */
  promotedAt: IsoDateTime.nullable(),
  checkedIn: z.boolean(),
  /** Every reminder that can still be sent is planned. */
  reminder: z.boolean(),
});
export type MyRegistration = z.infer<typeof MyRegistration>;

export const LectureEvidence = z.object({
  photos: z.array(Upload),
  headcount: z.number().int(),
  heldAt: IsoDateTime,
});

export const Lecture = z.object({
  id: ObjectIdString,
  townshipCode: TownshipCodeSchema,
  townshipName: z.string(),
  title: z.string(),
  topics: z.array(z.string()),
  speaker: z.object({ name: z.string(), unit: z.string() }),
  venue: z.object({ name: z.string(), address: z.string(), location: z.object({ latitude: z.number(), longitude: z.number() }).nullable() }),
  startAt: IsoDateTime,
  endAt: IsoDateTime,
  capacity: z.number().int(),
  seatsLeft: z.number().int(),
  registeredCount: z.number().int(),
  waitlistCount: z.number().int(),
  checkInCount: z.number().int(),
  walkIns: z.number().int(),
  status: LectureStatus,
  cancelReason: z.string().nullable(),
  notes: z.string(),
  evidence: LectureEvidence.nullable(),
  /** True when the lecture starts in the current county week (Monday to Sunday). */
  thisWeek: z.boolean(),
  /** Only on the detail, for a signed-in caller. */
  myRegistration: MyRegistration.nullable().optional(),
});
export type Lecture = z.infer<typeof Lecture>;

export const LectureScope = z.enum(['upcoming', 'past', 'all']);

export const LectureListQuery = z.strictObject({
  townshipCode: TownshipCodeSchema.optional(),
  /** Drafts are listed only for staff who manage the township (townshipCode then required). */
  status: LectureStatus.optional(),
  scope: LectureScope.default('upcoming'),
  year: Year.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type LectureListQuery = z.infer<typeof LectureListQuery>;

export const LecturePage = Page(Lecture);
export type LecturePage = z.infer<typeof LecturePage>;

export const SignUpResult = MyRegistration.extend({ lectureId: ObjectIdString });
export type SignUpResult = z.infer<typeof SignUpResult>;

/** Staff view of who signed up. */
export const RegistrationListQuery = z.strictObject({
  q: z.string().trim().max(20).optional(),
  status: RegistrationStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export const RegistrationItem = z.object({
  userId: ObjectIdString,
  displayName: z.string(),
  status: RegistrationStatus,
  waitlistPosition: z.number().int().nullable(),
  checkedIn: z.boolean(),
  createdAt: IsoDateTime,
});
export const RegistrationPage = Page(RegistrationItem);

// ---- check-in ----

export const CheckInCode = z.object({
  lectureId: ObjectIdString,
  token: z.string(),
  /** The link the QR code carries (opens the check-in page on H5). */
  link: z.string(),
  /** The QR code as an SVG data URL, ready for an <image>. */
  qrDataUrl: z.string(),
  expiresAt: IsoDateTime,
  refreshAfterSeconds: z.number().int(),
});
export type CheckInCode = z.infer<typeof CheckInCode>;

/** SVG for browsers; PNG for the mini-program's <image>, which does not draw every SVG. */
export const CheckInCodeQuery = z.strictObject({ format: z.enum(['svg', 'png']).default('svg') });

export const CheckInToken = z.string().trim().min(10, '签到码不完整').max(200, '签到码太长');
export const CheckInBody = z.strictObject({ token: CheckInToken });

export const CheckInMethod = z.enum(['scan', 'proxy', 'proxy_name']);
export type CheckInMethod = z.infer<typeof CheckInMethod>;

export const CheckInResult = z.object({
  lectureId: ObjectIdString,
  checkedIn: z.literal(true),
  method: CheckInMethod,
  at: IsoDateTime,
  /** Who is checked in (a user's display name or the name staff typed). */
  name: z.string(),
});
export type CheckInResult = z.infer<typeof CheckInResult>;

const Phone = z.string().trim().regex(/^1\d{10}$/, '手机号应为 11 位数字');

/** 代签: staff check a resident in by their account, or by name (and phone) for somebody without one. */
export const ProxyCheckInBody = z
  .strictObject({
    userId: ObjectIdString.optional(),
    name: Text(20).optional(),
    phone: Phone.optional(),
  })
  .refine((b) => !!b.userId || !!b.name, { message: '请选择已报名的群众或填写姓名', path: ['name'] });
export type ProxyCheckInBody = z.infer<typeof ProxyCheckInBody>;

/** People present without WeChat, counted by staff. Setting it again replaces the number. */
export const WalkInsBody = z.strictObject({
  count: z.number().int('人数必须是整数').min(0, '人数不能为负').max(100_000, '人数太大'),
});

export const MarkHeldBody = z.strictObject({
  photos: z.array(UploadId).min(1, '请至少上传一张现场照片').max(20, '最多 20 张照片'),
  headcount: z.number().int('人数必须是整数').min(0, '人数不能为负').max(100_000, '人数太大'),
});
export type MarkHeldBody = z.infer<typeof MarkHeldBody>;

// ---- reminders ----

export const ReminderBody = z.strictObject({
  /** The subscription-message template the resident agreed to (from wx.requestSubscribeMessage). */
  templateId: z.string().trim().regex(/^[A-Za-z0-9_-]{10,64}$/, '不是有效的订阅消息模板'),
});
export const ReminderResult = z.object({
  lectureId: ObjectIdString,
  /** When each reminder is due; a reminder whose time has already passed is not planned. */
  planned: z.array(z.object({ kind: z.enum(['day_before', 'two_hours']), dueAt: IsoDateTime })),
  /** True while one more acceptance would plan another reminder (each acceptance allows one message). */
  more: z.boolean(),
});

// ---- progress ----

export const YearQuery = z.strictObject({ year: Year });

export const TownshipProgress = z.object({
  townshipCode: TownshipCodeSchema,
  townshipName: z.string(),
  year: z.number().int(),
  quota: z.number().int(),
  /** Held with evidence: what counts toward the quota. */
  held: z.number().int(),
  /** Published, not yet held. */
  scheduled: z.number().int(),
  drafts: z.number().int(),
  expectedByToday: z.number().int(),
  onPace: z.boolean(),
  pace: z.enum(['done', 'on_pace', 'slightly_behind', 'behind']),
  paceLabel: z.string(),
  color: z.string(),
});
export type TownshipProgress = z.infer<typeof TownshipProgress>;

export const ProgressOverview = z.object({
  year: z.number().int(),
  asOf: IsoDateTime,
  quota: z.number().int(),
  items: z.array(TownshipProgress),
  totals: z.object({ quota: z.number().int(), held: z.number().int(), scheduled: z.number().int(), onPace: z.number().int() }),
});
export type ProgressOverview = z.infer<typeof ProgressOverview>;

export const TownshipProgressParams = z.strictObject({ code: TownshipCodeSchema });

export const QuotaParams = z.strictObject({ year: Year });
export const QuotaBody = z.strictObject({
  quota: z.number().int('必须是整数').min(1, '至少 1 场').max(200, '不能超过 200 场'),
});
export const QuotaResult = z.object({ year: z.number().int(), quota: z.number().int() });

// ---- participation and my record ----

export const ReportQuery = z.strictObject({ year: Year, townshipCode: TownshipCodeSchema.optional() });

const Figures = z.object({
  lectures: z.number().int(),
  registrations: z.number().int(),
  checkIns: z.number().int(),
  walkIns: z.number().int(),
  headcount: z.number().int(),
});

export const ParticipationReport = z.object({
  year: z.number().int(),
  townshipCode: TownshipCodeSchema.nullable(),
  totals: Figures.extend({ distinctResidents: z.number().int() }),
  byTownship: z.array(Figures.extend({ townshipCode: TownshipCodeSchema, townshipName: z.string(), distinctResidents: z.number().int() })),
  byMonth: z.array(Figures.extend({ month: z.number().int() })),
  byLecture: z.array(
    Figures.omit({ lectures: true }).extend({
      lectureId: ObjectIdString,
      title: z.string(),
      townshipCode: TownshipCodeSchema,
      startAt: IsoDateTime,
      status: LectureStatus,
    }),
  ),
});
export type ParticipationReport = z.infer<typeof ParticipationReport>;

export const MyLectureRecordQuery = z.strictObject({ year: Year.optional() });
export const MyLectureRecord = z.object({
  year: z.number().int(),
  attendedCount: z.number().int(),
  attended: z.array(
    z.object({
      lectureId: ObjectIdString,
      title: z.string(),
      townshipName: z.string(),
      startAt: IsoDateTime,
      topics: z.array(z.string()),
      speakerName: z.string(),
      checkedInAt: IsoDateTime,
      method: CheckInMethod,
    }),
  ),
  upcoming: z.array(
    z.object({
      lectureId: ObjectIdString,
      title: z.string(),
      townshipName: z.string(),
      startAt: IsoDateTime,
      status: LectureStatus,
      cancelReason: z.string().nullable(),
      registration: RegistrationStatus,
      waitlistPosition: z.number().int().nullable(),
      promotedAt: IsoDateTime.nullable(),
    }),
  ),
});
export type MyLectureRecord = z.infer<typeof MyLectureRecord>;
