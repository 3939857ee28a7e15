import mongoose from 'mongoose';
import {
  canManageTownship,
  distanceMeters,
  findTownship,
  isCountyAdmin,
  MAX_PLAUSIBLE_SPEED_MPS,
  type Actor,
  type CheckinResult,
  type CreatePointBody,
  type CreateSiteBody,
  type GeoPoint,
  type GuidePoint,
  type RouteProgress,
  type SiteDetail,
  type SiteKind,
  type SiteSummary,
  type TownshipCode,
  type UpdatePointBody,
  type UpdateSiteBody,
} from '@qf/shared';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../http/errors';
import { isDuplicateKey } from '../../db/unique';
import { uploadUrl, type UploadsService } from '../uploads/uploads.service';
import { BadgeModel, CheckinModel, LastCheckinModel, PointModel, SiteModel, type BadgeDoc, type CheckinDoc, type LastCheckinDoc, type PointDoc, type SiteDoc } from './guide.model';

type ActorWithId = Actor & { id: string };

const photoRefs = (ids: readonly string[] | null | undefined) => (ids ?? []).map((id) => ({ id, url: uploadUrl(id) }));
const geo = (p: { latitude: number; longitude: number }): GeoPoint => ({ latitude: p.latitude, longitude: p.longitude });
const checkinId = (pointId: string, userId: string) => `${pointId}:${userId}`;
const badgeId = (siteId: string, userId: string) => `${siteId}:${userId}`;

/** The county complex is the county admin's; a village site is its township's. */
export function canManageSite(actor: Actor, site: { kind: string; townshipCode?: string | null | undefined }): boolean {
  if (site.kind === 'county' || !site.townshipCode) return isCountyAdmin(actor);
  return canManageTownship(actor, site.townshipCode);
}

/**
 * Could someone have got from one check-in to the next in the time between them? Both check-ins
 * were within their points' radii, so the gap that must have been covered is the distance between
 * the points less both radii.
 */
export function isPlausibleMove(input: { metresBetweenPoints: number; radiusA: number; radiusB: number; seconds: number }): boolean {
  const gap = Math.max(0, input.metresBetweenPoints - input.radiusA - input.radiusB);
  if (gap === 0) return true;
  if (input.seconds <= 0) return false;
  return gap / input.seconds <= MAX_PLAUSIBLE_SPEED_MPS;
}

function toSummary(doc: SiteDoc, pointCount: number): SiteSummary {
  return {
    id: doc._id.toString(),
    kind: doc.kind as SiteKind,
    townshipCode: (doc.townshipCode ?? null) as TownshipCode | null,
    townshipName: doc.townshipCode ? (findTownship(doc.townshipCode)?.name ?? null) : null,
    name: doc.name,
    intro: doc.intro,
    photos: photoRefs(doc.photos),
    location: geo(doc.location),
    address: doc.address,
    openingHours: doc.openingHours,
    checkinRadiusMeters: doc.checkinRadiusMeters,
    isSample: doc.isSample,
    pointCount,
  };
}

function toPoint(doc: PointDoc, siteName: string, checkedIn: boolean): GuidePoint {
  return {
    id: doc._id.toString(),
    siteId: doc.siteId.toString(),
    siteName,
    name: doc.name,
    text: doc.text,
    photos: photoRefs(doc.photos),
    location: geo(doc.location),
    civilCodeArticles: [...(doc.civilCodeArticles ?? [])],
    constitutionArticles: [...(doc.constitutionArticles ?? [])],
    openingHours: doc.openingHours,
    routeOrder: doc.routeOrder,
    isSample: doc.isSample,
    checkedIn,
  };
}

const byRoute = (a: PointDoc, b: PointDoc) => a.routeOrder - b.routeOrder || a._id.toString().localeCompare(b._id.toString());

export function createGuideService({ uploads, clock }: { uploads: UploadsService; clock: () => Date }) {
  async function loadSite(id: string): Promise<SiteDoc> {
    const doc = await SiteModel.findById(id).lean<SiteDoc>();
    if (!doc) throw new NotFoundError('找不到这个法治文化阵地');
    return doc;
  }

  async function loadPoint(id: string): Promise<PointDoc> {
    const doc = await PointModel.findById(id).lean<PointDoc>();
    if (!doc) throw new NotFoundError('找不到这个点位');
    return doc;
  }

  function requireManage(actor: Actor, site: { kind: string; townshipCode?: string | null | undefined }) {
    if (!canManageSite(actor, site)) {
      throw new ForbiddenError(site.kind === 'county' ? '县法治文化园由县司法局管理' : '只能管理本乡镇的法治文化阵地');
    }
  }

  const pointsOf = async (siteId: mongoose.Types.ObjectId | string) => (await PointModel.find({ siteId }).lean<PointDoc[]>()).sort(byRoute);

  /** Which of these points the user has checked in at, read by the check-ins' deterministic ids. */
  async function checkedInSet(points: readonly PointDoc[], userId: string): Promise<Set<string>> {
    if (!points.length) return new Set();
    const ids = points.map((p) => checkinId(p._id.toString(), userId));
    const docs = await CheckinModel.find({ _id: mongoose.trusted({ $in: ids }) }, { pointId: 1 }).lean<Pick<CheckinDoc, 'pointId'>[]>();
    return new Set(docs.map((d) => d.pointId.toString()));
  }

  async function progressOf(siteId: string, points: readonly PointDoc[], done: Set<string>, userId: string): Promise<RouteProgress> {
    const badge = await BadgeModel.findById(badgeId(siteId, userId)).lean<BadgeDoc>();
    const checkedIn = points.filter((p) => done.has(p._id.toString())).length;
    return {
      checkedIn,
      total: points.length,
      completed: points.length > 0 && checkedIn === points.length,
      badgeAt: badge ? badge.earnedAt.toISOString() : null,
    };
  }

  return {
    async listSites(query: { kind?: SiteKind | undefined; townshipCode?: TownshipCode | undefined }): Promise<{ items: SiteSummary[] }> {
      const filter: Record<string, unknown> = {};
      if (query.kind) filter.kind = query.kind;
      if (query.townshipCode) filter.townshipCode = query.townshipCode;
      const [sites, points] = await Promise.all([
        SiteModel.find(filter).limit(500).lean<SiteDoc[]>(),
        PointModel.find({}, { siteId: 1 }).lean<Pick<PointDoc, 'siteId'>[]>(),
      ]);
      const counts = new Map<string, number>();
      for (const p of points) counts.set(p.siteId.toString(), (counts.get(p.siteId.toString()) ?? 0) + 1);
      // The county complex first, then village sites by township.
      sites.sort((a, b) => (a.kind === b.kind ? (a.townshipCode ?? '').localeCompare(b.townshipCode ?? '') || a.name.localeCompare(b.name, 'zh') : a.kind === 'county' ? -1 : 1));
      return { items: sites.map((s) => toSummary(s, counts.get(s._id.toString()) ?? 0)) };
    },

    async getSite(id: string, userId: string | null): Promise<SiteDetail> {
      const site = await loadSite(id);
      const points = await pointsOf(site._id);
      const done = userId ? await checkedInSet(points, userId) : new Set<string>();
      return {
        ...toSummary(site, points.length),
        points: points.map((p) => toPoint(p, site.name, done.has(p._id.toString()))),
        progress: userId ? await progressOf(id, points, done, userId) : null,
      };
    },

    async createSite(actor: ActorWithId, body: CreateSiteBody): Promise<SiteDetail> {
      requireManage(actor, body);
      await uploads.requireExisting(body.photos, 'image', 'body.photos');
      const doc = await SiteModel.create(body);
      return { ...toSummary(doc.toObject() as SiteDoc, 0), points: [], progress: null };
    },

    async updateSite(actor: ActorWithId, id: string, body: UpdateSiteBody): Promise<SiteSummary> {
      const site = await loadSite(id);
      requireManage(actor, site);
      await uploads.requireExisting(body.photos, 'image', 'body.photos');
      const doc = await SiteModel.findOneAndUpdate({ _id: site._id }, { $set: body }, { returnDocument: 'after', runValidators: true }).lean<SiteDoc>();
      if (!doc) throw new NotFoundError('找不到这个法治文化阵地');
      return toSummary(doc, await PointModel.countDocuments({ siteId: doc._id }));
    },

    async getPoint(id: string, userId: string | null): Promise<GuidePoint> {
      const point = await loadPoint(id);
      const site = await loadSite(point.siteId.toString());
      const checkedIn = userId ? !!(await CheckinModel.findById(checkinId(id, userId), { _id: 1 }).lean()) : false;
      return toPoint(point, site.name, checkedIn);
    },

    async createPoint(actor: ActorWithId, body: CreatePointBody): Promise<GuidePoint> {
      const site = await loadSite(body.siteId);
      requireManage(actor, site);
      await uploads.requireExisting(body.photos, 'image', 'body.photos');
      const doc = await PointModel.create(body);
      return toPoint(doc.toObject() as PointDoc, site.name, false);
    },

    async updatePoint(actor: ActorWithId, id: string, body: UpdatePointBody): Promise<GuidePoint> {
      const point = await loadPoint(id);
      const site = await loadSite(point.siteId.toString());
      requireManage(actor, site);
      await uploads.requireExisting(body.photos, 'image', 'body.photos');
      const doc = await PointModel.findOneAndUpdate({ _id: point._id }, { $set: body }, { returnDocument: 'after', runValidators: true }).lean<PointDoc>();
      if (!doc) throw new NotFoundError('找不到这个点位');
      return toPoint(doc, site.name, false);
    },

    async deletePoint(actor: ActorWithId, id: string): Promise<void> {
      const point = await loadPoint(id);
      requireManage(actor, await loadSite(point.siteId.toString()));
      await PointModel.deleteOne({ _id: point._id });
    },

    /**
     * 打卡: the reported location is used here to measure the distance to the point and then
     * dropped; only the distance and the time are kept. Far away → 400; a jump no one could make
     * since the last check-in → 409; a repeat changes nothing. Checking in the last point of a
     * site's route earns its badge.
     */
    async checkIn(userId: string, pointId: string, location: GeoPoint): Promise<CheckinResult> {
      const point = await loadPoint(pointId);
      const site = await loadSite(point.siteId.toString());
      const radius = site.checkinRadiusMeters;
      const distance = Math.round(distanceMeters(location, geo(point.location)));
      if (distance > radius) {
        throw new BadRequestError(`离「${point.name}」还有约 ${distance} 米，请走到 ${radius} 米以内再打卡`, [
          { field: 'body.location', message: `距离点位 ${distance} 米，超过打卡范围 ${radius} 米` },
        ]);
      }
      const now = clock();

      const last = await LastCheckinModel.findById(userId).lean<LastCheckinDoc>();
      if (last && last.pointId.toString() !== pointId) {
        const lastPoint = await PointModel.findById(last.pointId).lean<PointDoc>();
        const lastSite = lastPoint && (lastPoint.siteId.equals(site._id) ? site : await SiteModel.findById(lastPoint.siteId).lean<SiteDoc>());
        if (lastPoint && lastSite) {
          const plausible = isPlausibleMove({
            metresBetweenPoints: distanceMeters(geo(lastPoint.location), geo(point.location)),
            radiusA: lastSite.checkinRadiusMeters,
            radiusB: radius,
            seconds: (now.getTime() - last.at.getTime()) / 1000,
          });
          if (!plausible) throw new ConflictError(`离上次在「${lastPoint.name}」打卡的时间太短、距离太远，请稍后再试`);
        }
      }

      const id = checkinId(pointId, userId);
      let firstTime = false;
      try {
        const result = await CheckinModel.updateOne(
          { _id: id },
          { $setOnInsert: { pointId: point._id, siteId: site._id, userId, distanceMeters: distance, at: now } },
          { upsert: true },
        );
        firstTime = result.upsertedCount === 1;
      } catch (err) {
        // The same check-in sent twice at once: the other request inserted it.
        if (!isDuplicateKey(err)) throw err;
      }
      const checkin = await CheckinModel.findById(id).lean<CheckinDoc>();
      if (!checkin) throw new Error('check-in upsert left nothing');
      await LastCheckinModel.updateOne({ _id: userId }, { $set: { pointId: point._id, at: now } }, { upsert: true });

      const siteId = site._id.toString();
      const points = await pointsOf(site._id);
      const done = await checkedInSet(points, userId);
      if (points.length > 0 && points.every((p) => done.has(p._id.toString()))) {
        try {
          await BadgeModel.updateOne({ _id: badgeId(siteId, userId) }, { $setOnInsert: { siteId: site._id, userId, earnedAt: now } }, { upsert: true });
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
      return {
        pointId,
        siteId,
        firstTime,
        distanceMeters: checkin.distanceMeters,
        checkedInAt: checkin.at.toISOString(),
        progress: await progressOf(siteId, points, done, userId),
      };
    },

    async myBadges(userId: string) {
      const badges = await BadgeModel.find({ userId }).lean<BadgeDoc[]>();
      const sites = new Map(
        (badges.length ? await SiteModel.find({ _id: mongoose.trusted({ $in: badges.map((b) => b.siteId) }) }, { name: 1 }).lean<Pick<SiteDoc, '_id' | 'name'>[]>() : []).map((s) => [
          s._id.toString(),
          s.name,
        ]),
      );
      return {
        items: badges
          .sort((a, b) => a.earnedAt.getTime() - b.earnedAt.getTime())
          .map((b) => ({ siteId: b.siteId.toString(), siteName: sites.get(b.siteId.toString()) ?? '', earnedAt: b.earnedAt.toISOString() })),
      };
    },
  };
}

export type GuideService = ReturnType<typeof createGuideService>;
