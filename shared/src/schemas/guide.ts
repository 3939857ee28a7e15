import { z } from 'zod';
import { CIVIL_CODE_ARTICLE_COUNT, CONSTITUTION_ARTICLE_COUNT } from '../data/civil-code';
import { DEFAULT_CHECKIN_RADIUS_M } from '../data/guide';
import { ObjectIdString, Text } from './common';
import { GeoPoint } from './geo';
import { TownshipCodeSchema } from './townships';
import { UploadId } from './uploads';


/** Faster than this between two check-ins (after allowing for both radii) is not a walk, a ride or a drive. */
export const MAX_PLAUSIBLE_SPEED_MPS = 40;

const unique = <T>(items: readonly T[]) => new Set(items).size === items.length;

const ArticleNumbers = (max: number, label: string) =>
  z
    .array(z.number().int(`${label}条文号必须是整数`).min(1, `${label}条文号从 1 开始`).max(max, `${label}只有 ${max} 条`))
    .max(20, '最多关联 20 条')
    .refine(unique, '条文号不能重复');

export const GuidePhotos = z.array(UploadId).max(9, '最多 9 张照片').refine(unique, '照片不能重复');

export const SiteKind = z.enum(['county', 'village']);
export type SiteKind = z.infer<typeof SiteKind>;

const SiteFields = {
  name: Text(30),
  intro: z.string().trim().max(2000, '不能超过 2000 个字').default(''),
  photos: GuidePhotos.default([]),
  location: GeoPoint,
  address: z.string().trim().max(80, '不能超过 80 个字').default(''),
  openingHours: z.string().trim().max(60, '不能超过 60 个字').default(''),
  checkinRadiusMeters: z.number().int('打卡范围必须是整数').min(20, '打卡范围至少 20 米').max(500, '打卡范围最多 500 米').default(DEFAULT_CHECKIN_RADIUS_M),
  /** Made-up content shipped until the county supplies the real facts; staff see it flagged. */
  isSample: z.boolean().default(false),
};

/** The county complex has no township; a village site belongs to the township it stands in. */
export const CreateSiteBody = z
  .strictObject({ kind: SiteKind, townshipCode: TownshipCodeSchema.nullable().default(null), ...SiteFields })
  .refine((b) => (b.kind === 'county') === (b.townshipCode === null), {
    message: '村级阵地必须指定乡镇；县法治文化园不属于乡镇',
    path: ['townshipCode'],
  });
export type CreateSiteBody = z.infer<typeof CreateSiteBody>;
export const UpdateSiteBody = z.strictObject(SiteFields);
export type UpdateSiteBody = z.infer<typeof UpdateSiteBody>;

export const GuidePhotoRef = z.object({ id: z.string(), url: z.string() });

const PointFields = {
  name: Text(30),
  text: z.string().trim().max(3000, '不能超过 3000 个字').default(''),
  photos: GuidePhotos.default([]),
  location: GeoPoint,
  civilCodeArticles: ArticleNumbers(CIVIL_CODE_ARTICLE_COUNT, '民法典'),
  constitutionArticles: ArticleNumbers(CONSTITUTION_ARTICLE_COUNT, '宪法'),
  openingHours: z.string().trim().max(60, '不能超过 60 个字').default(''),
  /** Place along the site's suggested route, 1 first. */
  routeOrder: z.number().int('路线顺序必须是整数').min(1, '路线顺序从 1 开始').max(999, '路线顺序最多 999'),
  isSample: z.boolean().default(false),
};
const withArticleDefaults = {
  ...PointFields,
  civilCodeArticles: PointFields.civilCodeArticles.default([]),
  constitutionArticles: PointFields.constitutionArticles.default([]),
};

export const CreatePointBody = z.strictObject({ siteId: ObjectIdString, ...withArticleDefaults });
export type CreatePointBody = z.infer<typeof CreatePointBody>;
export const UpdatePointBody = z.strictObject(withArticleDefaults);
export type UpdatePointBody = z.infer<typeof UpdatePointBody>;

export const GuidePoint = z.object({
  id: ObjectIdString,
  siteId: ObjectIdString,
  siteName: z.string(),
  name: z.string(),
  text: z.string(),
  photos: z.array(GuidePhotoRef),
  location: GeoPoint,
  civilCodeArticles: z.array(z.number().int()),
  constitutionArticles: z.array(z.number().int()),
  openingHours: z.string(),
  routeOrder: z.number().int(),
  isSample: z.boolean(),
  /** Whether the signed-in user has checked in here; false when nobody is signed in. */
  checkedIn: z.boolean(),
});
export type GuidePoint = z.infer<typeof GuidePoint>;

export const SiteSummary = z.object({
  id: ObjectIdString,
  kind: SiteKind,
  townshipCode: TownshipCodeSchema.nullable(),
  townshipName: z.string().nullable(),
  name: z.string(),
  intro: z.string(),
  photos: z.array(GuidePhotoRef),
  location: GeoPoint,
  address: z.string(),
  openingHours: z.string(),
  checkinRadiusMeters: z.number().int(),
  isSample: z.boolean(),
  pointCount: z.number().int(),
});
export type SiteSummary = z.infer<typeof SiteSummary>;

export const RouteProgress = z.object({
  checkedIn: z.number().int(),
  total: z.number().int(),
  completed: z.boolean(),
  /** When the route badge was earned, if it was. */
  badgeAt: z.string().nullable(),
});
export type RouteProgress = z.infer<typeof RouteProgress>;

export const SiteDetail = SiteSummary.extend({
  /** In route order. */
  points: z.array(GuidePoint),
  /** Null when nobody is signed in. */
  progress: RouteProgress.nullable(),
});
export type SiteDetail = z.infer<typeof SiteDetail>;

export const SiteListQuery = z.strictObject({
  kind: SiteKind.optional(),
  townshipCode: TownshipCodeSchema.optional(),
});
export const SiteList = z.object({ items: z.array(SiteSummary) });
export const GuideIdParams = z.strictObject({ id: ObjectIdString });

/** The reported location is used once to measure the distance and then dropped. */
export const CheckinBody = z.strictObject({ location: GeoPoint });
export type CheckinBody = z.infer<typeof CheckinBody>;

export const CheckinResult = z.object({
  pointId: ObjectIdString,
  siteId: ObjectIdString,
  /** False when this point was already checked in: nothing was added. */
  firstTime: z.boolean(),
  distanceMeters: z.number().int(),
  checkedInAt: z.string(),
  progress: RouteProgress,
});
export type CheckinResult = z.infer<typeof CheckinResult>;

export const GuideBadge = z.object({ siteId: ObjectIdString, siteName: z.string(), earnedAt: z.string() });
export const GuideBadgeList = z.object({ items: z.array(GuideBadge) });
