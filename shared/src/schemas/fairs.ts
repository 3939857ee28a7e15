import { z } from 'zod';
import { FAIR_SERVICES, FAIR_UNITS } from '../data/fairs';
import { ObjectIdString, Text, Year } from './common';
import { GeoPoint } from './geo';
import { TopicTags } from './topics';
import { TownshipCodeSchema } from './townships';


const uniqueNumbers = (items: readonly number[]) => new Set(items).size === items.length;

const LunarDayNumber = z
  .number({ message: '农历日期必须是数字' })
  .int('农历日期必须是整数')
  .min(1, '农历日期只能是初一到三十（1–30）')
  .max(30, '农历日期只能是初一到三十（1–30）');

/** 农历日期规则: a set of lunar day numbers, or 逢X (lunar days whose last digit is X; 0 means 逢十). */
export const MarketDayRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('days'),
    days: z.array(LunarDayNumber).min(1, '至少选一个农历日期').max(30).refine(uniqueNumbers, '农历日期不能重复'),
  }),
  z.strictObject({
    kind: z.literal('endsWith'),
    digits: z
      .array(z.number().int('逢几必须是 0–9 的整数').min(0, '逢几只能是 0–9（0 表示逢十）').max(9, '逢几只能是 0–9（0 表示逢十）'))
      .min(1, '至少选一个“逢几”')
      .max(10)
      .refine(uniqueNumbers, '“逢几”不能重复'),
  }),
]);

export const SolarDays = z
  .array(z.number().int('公历日期必须是整数').min(1, '公历日期只能是 1–31').max(31, '公历日期只能是 1–31'))
  .max(31)
  .refine(uniqueNumbers, '公历日期不能重复');

const MarketFields = {
  name: Text(30),
  village: Text(30),
  address: Text(80),
  location: GeoPoint,
  rule: MarketDayRuleSchema,
  /** Solar dates of the month the market also meets on. */
  solarDays: SolarDays.default([]),
  note: z.string().trim().max(200, '不能超过 200 个字').default(''),
};

export const CreateMarketBody = z.strictObject({ townshipCode: TownshipCodeSchema, ...MarketFields });
export type CreateMarketBody = z.infer<typeof CreateMarketBody>;
/** A market stays in its township; everything else may change. */
export const UpdateMarketBody = z.strictObject({ ...MarketFields, active: z.boolean().default(true) });
export type UpdateMarketBody = z.infer<typeof UpdateMarketBody>;

export const FairDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').refine((s) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}, '不是有效的日期');

export const MarketDaySchema = z.object({
  date: z.string(),
  lunarYear: z.number().int(),
  lunarMonth: z.number().int(),
  leapMonth: z.boolean(),
  lunarDay: z.number().int(),
  lunarLabel: z.string(),
  solarLabel: z.string(),
  by: z.enum(['lunar', 'solar', 'both']),
});

export const UpcomingMarketDay = MarketDaySchema.extend({
  /** The law fair planned for that day, if the office attends. */
  fairId: z.string().nullable(),
});

export const Market = z.object({
  id: ObjectIdString,
  townshipCode: TownshipCodeSchema,
  townshipName: z.string(),
  name: z.string(),
  village: z.string(),
  address: z.string(),
  location: GeoPoint,
  rule: MarketDayRuleSchema,
  solarDays: z.array(z.number().int()),
  /** How people say it: 逢三逢八. */
  ruleText: z.string(),
  note: z.string(),
  active: z.boolean(),
  nextDays: z.array(UpcomingMarketDay),
});
export type Market = z.infer<typeof Market>;

export const MarketListQuery = z.strictObject({
  townshipCode: TownshipCodeSchema.optional(),
  /** How many coming market days to list per market. */
  nextCount: z.coerce.number().int().min(0).max(20).default(4),
});
export const MarketIdParams = z.strictObject({ id: ObjectIdString });
export const MarketList = z.object({ items: z.array(Market) });

const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');

const FairPlanFields = {
  services: z.array(Text(20)).min(1, '至少写一项服务').max(10, '最多 10 项'),
  units: z.array(Text(30)).min(1, '至少写一个参加单位').max(10, '最多 10 个'),
  staff: z.array(Text(20)).max(20, '最多 20 人').default([]),
  startTime: HourMinute.default('08:00'),
  endTime: HourMinute.default('12:00'),
  note: z.string().trim().max(200, '不能超过 200 个字').default(''),
};

const timesInOrder = (b: { startTime: string; endTime: string }) => b.startTime < b.endTime;

export const CreateFairBody = z
  .strictObject({ marketId: ObjectIdString, date: FairDate, ...FairPlanFields })
  .refine(timesInOrder, { message: '结束时间要晚于开始时间', path: ['endTime'] });
export type CreateFairBody = z.infer<typeof CreateFairBody>;
export const UpdateFairBody = z.strictObject(FairPlanFields).refine(timesInOrder, { message: '结束时间要晚于开始时间', path: ['endTime'] });
export type UpdateFairBody = z.infer<typeof UpdateFairBody>;

const Count = (label: string) => z.number({ message: `${label}必须是数字` }).int(`${label}必须是整数`).min(0, `${label}不能小于 0`).max(100_000, `${label}太大`);

/** What happened at a fair, recorded by staff afterwards. */
export const FairRecordBody = z.strictObject({
  consulted: Count('咨询人数'),
  topics: TopicTags,
  materials: Count('发放资料数'),
  referredMediation: Count('转人民调解件数'),
  referredLegalAid: Count('转法律援助件数'),
  note: z.string().trim().max(500, '不能超过 500 个字').default(''),
});
export type FairRecordBody = z.infer<typeof FairRecordBody>;

export const FairRecord = FairRecordBody.extend({ recordedAt: z.string(), recordedBy: z.string() });

/** A law fair id is `${marketId}:${date}`: one per market per day. */
export const FairIdParams = z.strictObject({
  id: z.string().regex(/^[0-9a-fA-F]{24}:\d{4}-\d{2}-\d{2}$/, '不是有效的集日编号'),
});

export const Fair = z.object({
  id: z.string(),
  marketId: ObjectIdString,
  townshipCode: TownshipCodeSchema,
  townshipName: z.string(),
  marketName: z.string(),
  village: z.string(),
  address: z.string(),
  location: GeoPoint,
  day: MarketDaySchema.omit({ by: true }),
  services: z.array(z.string()),
  units: z.array(z.string()),
  staff: z.array(z.string()),
  startTime: z.string(),
  endTime: z.string(),
  note: z.string(),
  status: z.enum(['planned', 'held']),
  record: FairRecord.nullable(),
});
export type Fair = z.infer<typeof Fair>;

export const FairListQuery = z.strictObject({
  townshipCode: TownshipCodeSchema.optional(),
  marketId: ObjectIdString.optional(),
  /** First day, YYYY-MM-DD (county calendar); today when absent. */
  from: FairDate.optional(),
  /** How many days from `from`: 7 = this week. */
  days: z.coerce.number().int().min(1, '天数至少 1').max(92, '一次最多查 92 天').default(7),
});
export const FairList = z.object({ from: z.string(), to: z.string(), items: z.array(Fair) });

export const FairReportQuery = z.strictObject({ year: Year, townshipCode: TownshipCodeSchema });
export const CountyFairReportQuery = z.strictObject({ year: Year });

/** A township's law fairs over a year: what the Excel export and suggested lecture topics read. */
export const FairReport = z.object({
  year: z.number().int(),
  townshipCode: TownshipCodeSchema,
  townshipName: z.string(),
  marketCount: z.number().int(),
  fairsPlanned: z.number().int(),
  fairsHeld: z.number().int(),
  consulted: z.number().int(),
  materials: z.number().int(),
  referredMediation: z.number().int(),
  referredLegalAid: z.number().int(),
  /** Topic tags of the questions asked, most asked first. */
  topics: z.array(z.object({ tag: z.string(), fairs: z.number().int() })),
  byMonth: z.array(z.object({ month: z.number().int(), fairsHeld: z.number().int(), consulted: z.number().int() })),
});
export type FairReport = z.infer<typeof FairReport>;
export const CountyFairReport = z.object({ year: z.number().int(), items: z.array(FairReport) });
