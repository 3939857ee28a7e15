import { z } from 'zod';
import { IsoDateTime, ObjectIdString, Page, Pagination, Text } from './common';
import { TownshipCodeSchema } from './townships';
import { TopicTag } from './topics';
import { UploadId } from './uploads';
import { CONSULT_LIMITS, CONSULT_STATUSES, CONSULT_TIERS, REFERRAL_KINDS } from '../data/consultations';

export const ConsultTierSchema = z.enum(CONSULT_TIERS, { message: '不是有效的层级' });
export const ConsultStatusSchema = z.enum(CONSULT_STATUSES);
export const ReferralKindSchema = z.enum(REFERRAL_KINDS, { message: '请选择转到哪里：人民调解、法律援助或司法所面谈' });

/** A village of a township; kept by township staff (name only). */
export const Village = z.object({ id: z.string(), townshipCode: TownshipCodeSchema, name: z.string(), sample: z.boolean() });
export type Village = z.infer<typeof Village>;
export const VillageList = z.object({ items: z.array(Village) });
export const VillageBody = z.strictObject({ townshipCode: TownshipCodeSchema, name: Text(20) });
export const VillageParams = z.strictObject({ id: z.string().regex(/^[0-9a-fA-F]{24}$/, '不是有效的编号') });

const Phone = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, '请填写手机号或带区号的固定电话');

/** A resident's question. `proxyName` is for 代问: a 明白人 records it for a villager without WeChat. */
export const AskBody = z.strictObject({
  text: z.string().trim().min(1, '请写下您的问题').max(CONSULT_LIMITS.textMax, `问题不能超过 ${CONSULT_LIMITS.textMax} 个字`),
  villageId: ObjectIdString,
  photoIds: z.array(UploadId).max(CONSULT_LIMITS.photosMax, `最多 ${CONSULT_LIMITS.photosMax} 张照片`).default([]),
  voiceId: UploadId.optional(),
  phone: Phone.optional(),
  proxyName: Text(20).optional(),
  /** The resident accepted the "answered" subscription message in WeChat just before sending. */
  notifyTemplateId: z.string().regex(/^[\w-]{10,64}$/, '不是有效的模板编号').optional(),
});
export type AskBody = z.infer<typeof AskBody>;

export const ConsultIdParams = z.strictObject({ id: ObjectIdString });

export const ArticleNumbers = z.array(z.coerce.number().int().min(1, '条文号不对').max(1260, '民法典只有 1260 条')).max(10, '最多引用 10 条');

export const AnswerBody = z.strictObject({
  text: Text(2000),
  articles: ArticleNumbers.default([]),
  topic: TopicTag,
});
export type AnswerBody = z.infer<typeof AnswerBody>;

export const EscalateBody = z.strictObject({ note: Text(300) });
export const ReferBody = z.strictObject({ kind: ReferralKindSchema, note: Text(300) });
export const FeedbackBody = z.strictObject({
  resolved: z.boolean(),
  /** With 还有疑问: what is still unclear; the question goes up one tier with it. */
  followUp: Text(CONSULT_LIMITS.textMax).optional(),
}).refine((b) => b.resolved || !!b.followUp, { message: '请写下还有什么疑问', path: ['followUp'] });

export const ThreadEntry = z.object({
  kind: z.enum(['question', 'answer', 'followup', 'escalated', 'timeout', 'referred', 'resolved']),
  tier: ConsultTierSchema,
  /** Who wrote it, by role ("法律明白人 李四"); never an id. */
  by: z.string(),
  text: z.string(),
  articles: z.array(z.number().int()),
  at: IsoDateTime,
});
export type ThreadEntry = z.infer<typeof ThreadEntry>;

export const Consultation = z.object({
  id: ObjectIdString,
  townshipCode: TownshipCodeSchema,
  villageName: z.string(),
  askerName: z.string(),
  /** Only the asker and the current handler see it; null for everybody else (and when none was given). */
  phone: z.string().nullable(),
  hasPhone: z.boolean(),
  text: z.string(),
  photos: z.array(z.object({ id: z.string(), url: z.string() })),
  voice: z.object({ id: z.string(), url: z.string() }).nullable(),
  tier: ConsultTierSchema,
  status: ConsultStatusSchema,
  /** The signed-in user claimed it at its current tier. */
  claimedByMe: z.boolean(),
  claimed: z.boolean(),
  handlerName: z.string().nullable(),
  /** Recorded by a 明白人 for a villager (代问). */
  proxy: z.boolean(),
  mine: z.boolean(),
  topic: z.string().nullable(),
  articles: z.array(z.number().int()),
  referral: z.object({ kind: ReferralKindSchema, note: z.string() }).nullable(),
  askedAt: IsoDateTime,
  dueAt: IsoDateTime.nullable(),
  overdue: z.boolean(),
  thread: z.array(ThreadEntry),
  faqId: z.string().nullable(),
});
export type Consultation = z.infer<typeof Consultation>;

export const ConsultationSummary = Consultation.omit({ thread: true, photos: true, voice: true });
export type ConsultationSummary = z.infer<typeof ConsultationSummary>;
export const ConsultationList = z.object({ items: z.array(ConsultationSummary) });

export const QueueQuery = z.strictObject({
  tier: ConsultTierSchema.optional(),
  townshipCode: TownshipCodeSchema.optional(),
  ...Pagination.shape,
});
/** A page of the queue; `overdue` counts every overdue question, not only those on the page. */
export const QueuePage = Page(ConsultationSummary).extend({ overdue: z.number().int() });
export type QueuePage = z.infer<typeof QueuePage>;

export const MyVillageBody = z.strictObject({ villageId: ObjectIdString });

export const ConsultSettings = z.object({
  limitHours: z.object({ literate: z.number().int(), popularizer: z.number().int(), adviser: z.number().int() }),
});
const Hours = z.number().int().min(1, '至少 1 小时').max(720, '不能超过 720 小时');
export const ConsultSettingsBody = z.strictObject({
  limitHours: z.strictObject({ literate: Hours, popularizer: Hours, adviser: Hours }),
});

/** 「这个解决了我的问题」 on a suggestion: a question that did not need asking. */
export const AvoidedBody = z.strictObject({
  kind: z.enum(['faq', 'article']),
  ref: z.string().trim().min(1).max(40),
  townshipCode: TownshipCodeSchema.optional(),
});

export const Faq = z.object({
  id: z.string(),
  townshipCode: TownshipCodeSchema,
  status: z.enum(['draft', 'published', 'retired']),
  title: z.string(),
  question: z.string(),
  answer: z.string(),
  articles: z.array(z.number().int()),
  topic: z.string(),
  publishedAt: IsoDateTime.nullable(),
  /** Why WeChat's text check refused it, if it did. */
  refusal: z.string().nullable(),
});
export type Faq = z.infer<typeof Faq>;
export const FaqList = z.object({ items: z.array(Faq), topics: z.array(z.object({ topic: z.string(), count: z.number().int() })) });
export const FaqQuery = z.strictObject({ topic: TopicTag.optional(), status: z.enum(['draft', 'published']).optional() });
export const FaqParams = z.strictObject({ id: z.string().regex(/^[0-9a-fA-F]{24}$/, '不是有效的编号') });
export const FaqBody = z.strictObject({
  title: Text(60),
  question: Text(CONSULT_LIMITS.textMax),
  answer: Text(2000),
  articles: ArticleNumbers,
  topic: TopicTag,
});

export const DashboardQuery = z.strictObject({
  townshipCode: TownshipCodeSchema.optional(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 2026-03').optional(),
});
export const TierFigures = z.object({ tier: ConsultTierSchema, answered: z.number().int(), medianMinutesToAnswer: z.number().nullable() });
export const TownshipFigures = z.object({
  townshipCode: TownshipCodeSchema,
  asked: z.number().int(),
  tiers: z.array(TierFigures),
  escalationRate: z.number(),
  referralRate: z.number(),
  resolvedRate: z.number(),
  avoided: z.number().int(),
  overdue: z.number().int(),
});
export const Dashboard = z.object({
  month: z.string(),
  townships: z.array(TownshipFigures),
  overdue: z.array(ConsultationSummary),
  topics: z.array(z.object({ topic: z.string(), count: z.number().int() })),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const NoticeTemplate = z.object({ templateId: z.string().nullable(), waitingTemplateId: z.string().nullable() });
export const WaitingNoticeBody = z.strictObject({ templateId: z.string({ error: '请给出提醒模板' }).min(1, '请给出提醒模板').max(64, '提醒模板编号太长') });
export const WaitingNoticeResult = z.object({ pending: z.number().int() });
