import mongoose from 'mongoose';
import {
  canManageTownship,
  countyDate,
  describeDate,
  describeRule,
  findTownship,
  isMarketDay,
  nextMarketDays,
  shiftDate,
  TOWNSHIPS,
  type Actor,
  type CreateFairBody,
  type CreateMarketBody,
  type Fair,
  type FairRecordBody,
  type FairReport,
  type Market,
  type TownshipCode,
  type UpdateFairBody,
  type UpdateMarketBody,
} from '@qf/shared';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../http/errors';
import { isDuplicateKey } from '../../db/unique';
import { FairModel, MarketModel, type FairDoc, type MarketDoc } from './fairs.model';

type ActorWithId = Actor & { id: string };

const fairIdOf = (marketId: string, date: string) => `${marketId}:${date}`;
const townshipName = (code: string) => findTownship(code)?.name ?? code;

function ruleOf(doc: Pick<MarketDoc, 'rule'>): Market['rule'] {
  const rule = doc.rule as { kind: 'days' | 'endsWith'; days?: number[] | null; digits?: number[] | null };
  return rule.kind === 'days' ? { kind: 'days', days: [...(rule.days ?? [])] } : { kind: 'endsWith', digits: [...(rule.digits ?? [])] };
}

const scheduleOf = (doc: MarketDoc) => ({ rule: ruleOf(doc), solarDays: [...doc.solarDays] });

function requireManage(actor: Actor, townshipCode: string) {
  if (!canManageTownship(actor, townshipCode)) throw new ForbiddenError('只能管理本乡镇的集市和法律赶大集');
}

function toMarket(doc: MarketDoc, nextDays: Market['nextDays']): Market {
  return {
    id: doc._id.toString(),
    townshipCode: doc.townshipCode as TownshipCode,
    townshipName: townshipName(doc.townshipCode),
    name: doc.name,
    village: doc.village,
    address: doc.address,
    location: { latitude: doc.location.latitude, longitude: doc.location.longitude },
    rule: ruleOf(doc),
    solarDays: [...doc.solarDays],
    ruleText: describeRule(scheduleOf(doc)),
    note: doc.note,
    active: doc.active,
    nextDays,
  };
}

function toFair(doc: FairDoc, market: MarketDoc): Fair {
  const record = doc.record;
  return {
    id: doc._id,
    marketId: market._id.toString(),
    townshipCode: doc.townshipCode as TownshipCode,
    townshipName: townshipName(doc.townshipCode),
    marketName: market.name,
    village: market.village,
    address: market.address,
    location: { latitude: market.location.latitude, longitude: market.location.longitude },
    day: describeDate(doc.date),
    services: [...doc.services],
    units: [...doc.units],
    staff: [...doc.staff],
    startTime: doc.startTime,
    endTime: doc.endTime,
    note: doc.note,
    status: doc.status as Fair['status'],
    record: record
      ? {
          consulted: record.consulted,
          topics: [...record.topics],
          materials: record.materials,
          referredMediation: record.referredMediation,
          referredLegalAid: record.referredLegalAid,
          note: record.note,
          recordedAt: record.recordedAt.toISOString(),
          recordedBy: record.recordedBy.toString(),
        }
      : null,
  };
}

export function createFairsService({ clock }: { clock: () => Date }) {
  const today = () => countyDate(clock());

  async function loadMarket(id: string): Promise<MarketDoc> {
    const doc = await MarketModel.findById(id).lean<MarketDoc>();
    if (!doc) throw new NotFoundError('找不到这个集市');
    return doc;
  }

  async function loadFair(id: string): Promise<FairDoc> {
    const doc = await FairModel.findById(id).lean<FairDoc>();
    if (!doc) throw new NotFoundError('找不到这次法律赶大集');
    return doc;
  }

  /** The coming market days of each market, with the law fair planned on each (looked up by its deterministic _id). */
  async function withNextDays(docs: MarketDoc[], count: number): Promise<Market[]> {
    const from = today();
    const days = docs.map((doc) => (count > 0 ? nextMarketDays(scheduleOf(doc), from, count) : []));
    const ids = docs.flatMap((doc, i) => days[i]!.map((d) => fairIdOf(doc._id.toString(), d.date)));
    const planned = new Set(
      ids.length ? (await FairModel.find({ _id: mongoose.trusted({ $in: ids }) }, { _id: 1 }).lean<{ _id: string }[]>()).map((f) => f._id) : [],
    );
    return docs.map((doc, i) =>
      toMarket(
        doc,
        days[i]!.map((d) => {
          const id = fairIdOf(doc._id.toString(), d.date);
          return { ...d, fairId: planned.has(id) ? id : null };
        }),
      ),
    );
  }

  async function reportFor(year: number, townshipCode: TownshipCode): Promise<FairReport> {
    const [marketCount, fairs] = await Promise.all([
      MarketModel.countDocuments({ townshipCode, active: true }),
      FairModel.find({ townshipCode, year }).lean<FairDoc[]>(),
    ]);
    return summarize(year, townshipCode, marketCount, fairs);
  }

  function summarize(year: number, townshipCode: TownshipCode, marketCount: number, fairs: readonly FairDoc[]): FairReport {
    const report: FairReport = {
      year,
      townshipCode,
      townshipName: townshipName(townshipCode),
      marketCount,
      fairsPlanned: fairs.length,
      fairsHeld: 0,
      consulted: 0,
      materials: 0,
      referredMediation: 0,
      referredLegalAid: 0,
      topics: [],
      byMonth: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, fairsHeld: 0, consulted: 0 })),
    };
    const topicCounts = new Map<string, number>();
    for (const fair of fairs) {
      const record = fair.record;
      if (!record) continue;
      report.fairsHeld++;
      report.consulted += record.consulted;
      report.materials += record.materials;
      report.referredMediation += record.referredMediation;
      report.referredLegalAid += record.referredLegalAid;
      const month = report.byMonth[Number(fair.date.slice(5, 7)) - 1]!;
      month.fairsHeld++;
      month.consulted += record.consulted;
      for (const tag of new Set(record.topics)) topicCounts.set(tag, (topicCounts.get(tag) ?? 0) + 1);
    }
    report.topics = [...topicCounts]
      .map(([tag, fairs]) => ({ tag, fairs }))
      .sort((a, b) => b.fairs - a.fairs || a.tag.localeCompare(b.tag, 'zh'));
    return report;
  }

  return {
    today,

    async createMarket(actor: ActorWithId, body: CreateMarketBody): Promise<Market> {
      requireManage(actor, body.townshipCode);
      const doc = await MarketModel.create({ ...body, active: true, createdBy: actor.id });
      const [market] = await withNextDays([doc.toObject() as MarketDoc], 4);
      return market!;
    },

    async updateMarket(actor: ActorWithId, id: string, body: UpdateMarketBody): Promise<Market> {
      const existing = await loadMarket(id);
      requireManage(actor, existing.townshipCode);
      const doc = await MarketModel.findOneAndUpdate(
        { _id: existing._id },
        // The rule is replaced whole, so a switch from 逢X to a day list leaves no stale digits.
        { $set: { ...body, rule: body.rule } },
        { returnDocument: 'after', runValidators: true},
      ).lean<MarketDoc>();
      if (!doc) throw new NotFoundError('找不到这个集市');
      const [market] = await withNextDays([doc], 4);
      return market!;
    },

    async listMarkets(query: { townshipCode?: TownshipCode | undefined; nextCount: number }): Promise<{ items: Market[] }> {
      const docs = await MarketModel.find({ active: true, ...(query.townshipCode ? { townshipCode: query.townshipCode } : {}) })
        .sort({ townshipCode: 1, name: 1 })
        .limit(500)
        .lean<MarketDoc[]>();
      return { items: await withNextDays(docs, query.nextCount) };
    },

    async getMarket(id: string, nextCount: number): Promise<Market> {
      const [market] = await withNextDays([await loadMarket(id)], nextCount);
      return market!;
    },

    async createFair(actor: ActorWithId, body: CreateFairBody): Promise<Fair> {
      const market = await loadMarket(body.marketId);
      requireManage(actor, market.townshipCode);
      if (!market.active) throw new ConflictError('这个集市已停用');
      if (!isMarketDay(scheduleOf(market), body.date)) {
        const { lunarLabel } = describeDate(body.date);
        throw new BadRequestError(`输入有误：body.date 这天（农历${lunarLabel}）不是「${market.name}」的集日`, [
          { field: 'body.date', message: `农历${lunarLabel}不是集日（${describeRule(scheduleOf(market))}）` },
        ]);
      }
      const { marketId, ...plan } = body;
      try {
        const doc = await FairModel.create({
          _id: fairIdOf(marketId, body.date),
          marketId,
          townshipCode: market.townshipCode,
          year: Number(body.date.slice(0, 4)),
          ...plan,
          createdBy: actor.id,
        });
        return toFair(doc.toObject() as FairDoc, market);
      } catch (err) {
        if (isDuplicateKey(err)) throw new ConflictError('这一天已经安排过法律赶大集');
        throw err;
      }
    },

    async updateFair(actor: ActorWithId, id: string, body: UpdateFairBody): Promise<Fair> {
      const existing = await loadFair(id);
      requireManage(actor, existing.townshipCode);
      const doc = await FairModel.findOneAndUpdate({ _id: id }, { $set: body }, { returnDocument: 'after', runValidators: true }).lean<FairDoc>();
      if (!doc) throw new NotFoundError('找不到这次法律赶大集');
      return toFair(doc, await loadMarket(doc.marketId.toString()));
    },

    /** A planned fair may be called off; one with a record is part of the reports and stays. */
    async deleteFair(actor: ActorWithId, id: string): Promise<void> {
      const existing = await loadFair(id);
      requireManage(actor, existing.townshipCode);
      const result = await FairModel.deleteOne({ _id: id, record: null });
      if (result.deletedCount === 0) throw new ConflictError('这次法律赶大集已经登记了服务情况，不能删除');
    },

    /** What happened at a fair; staff may correct it later, but not fill it in before the day. */
    async recordFair(actor: ActorWithId, id: string, body: FairRecordBody): Promise<Fair> {
      const existing = await loadFair(id);
      requireManage(actor, existing.townshipCode);
      if (existing.date > today()) throw new ConflictError('集日还没到，赶完集再登记服务情况');
      const record = { ...body, topics: [...new Set(body.topics)], recordedAt: clock(), recordedBy: actor.id };
      const doc = await FairModel.findOneAndUpdate({ _id: id }, { $set: { record, status: 'held' } }, { returnDocument: 'after', runValidators: true }).lean<FairDoc>();
      if (!doc) throw new NotFoundError('找不到这次法律赶大集');
      return toFair(doc, await loadMarket(doc.marketId.toString()));
    },

    /** Topics people brought to the stalls of fairs held in [from, to) (each fair counts a topic once): a signal for the hot-topic board. */
    async topicCounts(townshipCode: string, from: Date, to: Date): Promise<Map<string, number>> {
      const days = { $gte: countyDate(from), $lte: countyDate(new Date(to.getTime() - 1)) };
      const docs = await FairModel.find({ townshipCode: townshipCode as TownshipCode, date: mongoose.trusted(days) }).select({ record: 1 }).lean<Pick<FairDoc, 'record'>[]>();
      const counts = new Map<string, number>();
      for (const d of docs) for (const t of d.record?.topics ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
      return counts;
    },

    async getFair(id: string): Promise<Fair> {
      const doc = await loadFair(id);
      return toFair(doc, await loadMarket(doc.marketId.toString()));
    },

    /** Law fairs from `from` (today by default) for `days` days, for one township or the whole county, in date order. */
    async listFairs(query: { townshipCode?: TownshipCode | undefined; marketId?: string | undefined; from?: string | undefined; days: number }) {
      const from = query.from ?? today();
      const to = shiftDate(from, query.days - 1);
      const filter: Record<string, unknown> = { date: mongoose.trusted({ $gte: from, $lte: to }) };
      if (query.townshipCode) filter.townshipCode = query.townshipCode;
      if (query.marketId) filter.marketId = query.marketId;
      const docs = await FairModel.find(filter).sort({ date: 1, startTime: 1 }).limit(1000).lean<FairDoc[]>();
      const marketIds = [...new Set(docs.map((d) => d.marketId.toString()))];
      const markets = new Map(
        (marketIds.length ? await MarketModel.find({ _id: mongoose.trusted({ $in: marketIds }) }).lean<MarketDoc[]>() : []).map((m) => [m._id.toString(), m]),
      );
      const items = docs.flatMap((doc) => {
        const market = markets.get(doc.marketId.toString());
        return market ? [toFair(doc, market)] : [];
      });
      return { from, to, items };
    },

    /** One township's law fairs over a year; called by the report endpoint, the Excel export and suggested topics. */
    async report(actor: Actor | null, year: number, townshipCode: TownshipCode): Promise<FairReport> {
      if (actor) requireManage(actor, townshipCode);
      return reportFor(year, townshipCode);
    },

    /** Every township's summary for a year, in township order. */
    async countyReport(year: number): Promise<{ year: number; items: FairReport[] }> {
      const [markets, fairs] = await Promise.all([
        MarketModel.find({ active: true }, { townshipCode: 1 }).lean<Pick<MarketDoc, 'townshipCode'>[]>(),
        FairModel.find({ year }).lean<FairDoc[]>(),
      ]);
      const items = TOWNSHIPS.map((t) =>
        summarize(
          year,
          t.code,
          markets.filter((m) => m.townshipCode === t.code).length,
          fairs.filter((f) => f.townshipCode === t.code),
        ),
      );
      return { year, items };
    },
  };
}

export type FairsService = ReturnType<typeof createFairsService>;

/** For other features (Excel export, suggested lecture topics): a township's law-fair figures for a year. */
export function fairsReport(year: number, townshipCode: TownshipCode): Promise<FairReport> {
  return createFairsService({ clock: () => new Date() }).report(null, year, townshipCode);
}
