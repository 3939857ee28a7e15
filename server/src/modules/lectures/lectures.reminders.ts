import mongoose from 'mongoose';
import { LECTURE_CHECK_AFTER_MS, toCountyIso, REMINDER_OFFSETS, type Me, type ReminderKind } from '@qf/shared';
import { ConflictError, invalidField } from '../../http/errors';
import type { Logger } from '../../logger';
import type { PeriodicTask } from '../../jobs/scheduler';
import { WechatApiError, type WechatClient } from '../wechat/wechat.client';
import { sendSubscribeMessage, thing, wechatTime } from '../wechat/subscribe-message';
import { oid } from '../../db/ids';
import { trusted } from '../../db/trusted';
import { isDuplicateKey } from '../../db/unique';
import { registrationId } from './lectures.common';
import { LectureModel, RegistrationModel, ReminderClaimModel, ReminderModel, type LectureDoc, type ReminderDoc } from './lectures.model';

/**
 * The keys of the subscription-message template chosen in the WeChat console (公共模板库 "活动提醒":
 * 活动名称 thing1, 活动时间 time2, 活动地点 thing3, 温馨提示 thing4). Change them here if the
 * county picks another template.
 */
export const REMINDER_TEMPLATE_KEYS = { title: 'thing1', time: 'time2', place: 'thing3', note: 'thing4' } as const;

/** One resident's reminder of one kind for one lecture (the model's `_id`): asking twice plans one. */
export const reminderId = (lectureId: string, userId: string, kind: ReminderDoc['kind']) => `${lectureId}:${userId}:${kind}`;

/** Whether a resident asked to be reminded of a lecture. */
export async function hasReminder(lectureId: string, userId: string): Promise<boolean> {
  // The two-hours reminder is planned last (or alone when the day before has passed).
  return !!(await ReminderModel.exists({ _id: reminderId(lectureId, userId, 'two_hours') }));
}

/** Pending reminders follow a lecture's new time: the ones before it by the start, the after-lecture invitation by the end. */
export async function rescheduleReminders(lectureId: mongoose.Types.ObjectId, startAt: Date, endAt: Date) {
  const reminders = await ReminderModel.find({ lectureId, status: 'pending' }).lean();
  for (const r of reminders) {
    const offset = r.kind === 'day_before' || r.kind === 'two_hours' ? REMINDER_OFFSETS[r.kind] : null;
    const dueAt = offset !== null ? new Date(startAt.getTime() - offset) : r.kind === 'after_check' ? endAt : null;
    if (dueAt) await ReminderModel.updateOne({ _id: r._id, status: 'pending' }, { $set: { dueAt } });
  }
}

/** Residents who asked for a reminder of a cancelled lecture get one message telling them of the cancellation instead. */
export async function remindOfCancellation(lectureId: mongoose.Types.ObjectId, reason: string, now: Date) {
  const pending = await ReminderModel.find({ lectureId, status: 'pending' }).sort({ dueAt: 1 }).lean();
  const told = new Set<string>();
  for (const r of pending) {
    const userKey = r.userId.toString();
    if (!told.has(userKey)) {
      told.add(userKey);
      await ReminderModel.updateOne({ _id: r._id, status: 'pending' }, { $set: { kind: 'cancelled', dueAt: now, note: reason } });
    } else {
      await ReminderModel.updateOne({ _id: r._id, status: 'pending' }, { $set: { status: 'skipped', note: '讲座已取消' } });
    }
  }
}

/** A cancelled sign-up's reminders are not sent. */
export async function skipRemindersOf(lectureId: mongoose.Types.ObjectId, userId: string) {
  await ReminderModel.updateMany(trusted({ lectureId, userId: oid(userId), status: 'pending' }), { $set: { status: 'skipped', note: '已取消报名' } });
}

const NOTE: Record<ReminderDoc['kind'], (r: ReminderDoc) => string> = {
  day_before: () => '讲座明天举行，请按时参加',
  two_hours: () => '讲座两小时后开始，请按时到场',
  cancelled: (r) => `讲座已取消：${r.note ?? ''}`,
  promoted: () => '候补成功，您已获得座位',
  after_check: () => '讲座结束了，再答3道小题看看学到多少',
};

/** Where a reminder opens the mini-program: the lecture, or for the after-lecture invitation its 3 questions. */
const PAGE: Record<ReminderDoc['kind'], (lectureId: string) => string> = {
  day_before: (id) => `packages/lectures/pages/detail/index?id=${id}`,
  two_hours: (id) => `packages/lectures/pages/detail/index?id=${id}`,
  cancelled: (id) => `packages/lectures/pages/detail/index?id=${id}`,
  promoted: (id) => `packages/lectures/pages/detail/index?id=${id}`,
  after_check: (id) => `packages/lecture-checks/pages/check/index?id=${id}`,
};

/** What a transient failure looks like (system busy, network): the reminder is tried again later. */
const isTransient = (err: unknown) => (err instanceof WechatApiError ? err.errcode === -1 || err.errcode === 45009 : true);
const MAX_ATTEMPTS = 3;

export interface LectureRemindersDeps {
  wechat: WechatClient;
  /** The WeChat openid a resident signed in with (messages go to it), from the users feature. */
  openidOf: (userId: string) => Promise<string | null>;
  clock: () => Date;
  logger: Logger;
  /** The template id set up in the WeChat console; when given, only it is accepted. */
  templateId?: string | undefined;
  /** `formal` for the released mini-program, `trial`/`developer` for test versions. */
  miniprogramState?: 'formal' | 'trial' | 'developer';
}

export function createLectureReminders(deps: LectureRemindersDeps) {
  const { wechat, clock, logger } = deps;

  /** When the county set up a template in the WeChat console, only it is accepted. */
  function requireOurTemplate(templateId: string) {
    if (deps.templateId && templateId !== deps.templateId) throw invalidField('body.templateId', '不是本小程序的讲座提醒模板');
  }

  async function send(reminder: ReminderDoc, lecture: LectureDoc) {
    const k = REMINDER_TEMPLATE_KEYS;
    await sendSubscribeMessage(wechat, {
      touser: reminder.openid,
      templateId: reminder.templateId,
      page: PAGE[reminder.kind](lecture._id.toString()),
      state: deps.miniprogramState,
      data: {
        [k.title]: thing(lecture.title),
        [k.time]: wechatTime(lecture.startAt),
        [k.place]: thing(lecture.venueName),
        [k.note]: thing(NOTE[reminder.kind](reminder)),
      },
    });
  }

  /** Sends one claimed reminder and records what happened. */
  async function deliver(reminder: ReminderDoc, now: Date) {
    const lecture = await LectureModel.findById(reminder.lectureId).lean<LectureDoc>();
    // By `_id` alone (an index look-up on FerretDB; another key in the filter is a scan): this
    // deliverer holds the claim on the reminder, nobody else moves it on from 'sending'.
    const finish = (status: ReminderDoc['status'], extra: Record<string, unknown> = {}) => ReminderModel.updateOne({ _id: reminder._id }, { $set: { status, ...extra } });
    if (!lecture) return finish('skipped', { note: '讲座已删除' });
    if (reminder.kind === 'day_before' || reminder.kind === 'two_hours') {
      if (lecture.status !== 'published') return finish('skipped', { note: '讲座不是已发布状态' });
      if (lecture.startAt <= now) return finish('skipped', { note: '讲座已开始' });
      const reg = await RegistrationModel.findById(registrationId(lecture._id.toString(), reminder.userId.toString())).lean();
      if (reg?.seatNo == null) return finish('skipped', { note: '没有正式报名（仍在候补或已取消）' });
    }
    if (reminder.kind === 'after_check') {
      if (lecture.status === 'cancelled') return finish('skipped', { note: '讲座已取消' });
      if (now.getTime() >= lecture.endAt.getTime() + LECTURE_CHECK_AFTER_MS) return finish('skipped', { note: '讲座后的答题时间已过' });
    }
    try {
      await send(reminder, lecture);
      return finish('sent', { sentAt: clock() });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof WechatApiError && err.errcode === 43101) return finish('refused', { lastError: message });
      if (isTransient(err) && reminder.attempts < MAX_ATTEMPTS) {
        return finish('pending', { lastError: message, dueAt: new Date(now.getTime() + 2 * 60_000) });
      }
      logger.warn({ err, reminder: reminder._id }, 'lecture reminder failed');
      return finish('failed', { lastError: message });
    }
  }

  const task: PeriodicTask = {
    name: 'lecture-reminders',
    everyMs: 60_000,
    async run(now) {
      const due = await ReminderModel.find(trusted({ status: 'pending', dueAt: { $lte: now } })).sort({ dueAt: 1 }).limit(500).lean<ReminderDoc[]>();
      for (const candidate of due) {
        // The claim: one insert per attempt; only one instance's insert succeeds.
        const attempt = (candidate.attempts ?? 0) + 1;
        try {
          await ReminderClaimModel.create({ _id: `${candidate._id}#${attempt}`, at: now });
        } catch (err) {
          if (isDuplicateKey(err)) continue;
          throw err;
        }
        const claimed = await ReminderModel.findOneAndUpdate({ _id: candidate._id }, { $set: { status: 'sending', claimedAt: now, attempts: attempt } }, { returnDocument: 'after' }).lean<ReminderDoc>();
        if (claimed) await deliver(claimed, now);
      }
    },
  };

  return {
    task,
    templateId: deps.templateId ?? null,

    /** Plans the day-before and two-hours-before reminders for a signed-up resident. */
    async subscribe(actor: Me, lectureId: string, templateId: string) {
      requireOurTemplate(templateId);
      const now = clock();
      const lecture = await LectureModel.findById(lectureId).lean<LectureDoc>();
      if (!lecture || lecture.status === 'draft') throw new ConflictError('这场讲座不接受报名');
      if (lecture.status !== 'published') throw new ConflictError('这场讲座已结束或已取消');
      const reg = await RegistrationModel.findById(registrationId(lectureId, actor.id)).lean();
      if (!reg) throw new ConflictError('请先报名这场讲座');
      const openid = await deps.openidOf(actor.id);
      if (!openid) throw new ConflictError('请用微信登录后再订阅提醒');
      // One acceptance in wx.requestSubscribeMessage lets us send ONE message, so each call plans the
      // next reminder not yet planned: the day before first, then two hours before.
      const existing = await Promise.all(
        (Object.keys(REMINDER_OFFSETS) as ReminderKind[]).map(async (kind) => ({ kind, doc: await ReminderModel.findById(reminderId(lectureId, actor.id, kind)).lean<ReminderDoc>() })),
      );
      const armed = (doc: ReminderDoc | null) => !!doc && (doc.status === 'pending' || doc.status === 'sending' || doc.status === 'sent');
      const next = existing.find(({ kind, doc }) => !armed(doc) && lecture.startAt.getTime() - REMINDER_OFFSETS[kind] > now.getTime());
      if (next) {
        const { kind } = next;
        const dueAt = new Date(lecture.startAt.getTime() - REMINDER_OFFSETS[kind]);
        const _id = reminderId(lectureId, actor.id, kind);
        try {
          await ReminderModel.create({ _id, lectureId: lecture._id, userId: new mongoose.Types.ObjectId(actor.id), openid, templateId, kind, dueAt, status: 'pending' });
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          // Asking again after cancelling or refusing arms it again.
          await ReminderModel.updateOne(trusted({ _id, status: { $in: ['skipped', 'refused', 'failed'] } }), { $set: { status: 'pending', dueAt, kind, templateId } });
        }
      }
      const planned = (await ReminderModel.find(trusted({ lectureId: lecture._id, userId: new mongoose.Types.ObjectId(actor.id), status: { $in: ['pending', 'sending', 'sent'] } })).sort({ dueAt: 1 }).lean<ReminderDoc[]>())
        .filter((r) => r.kind === 'day_before' || r.kind === 'two_hours')
        .map((r) => ({ kind: r.kind as ReminderKind, dueAt: toCountyIso(r.dueAt) }));
      /** Whether another acceptance would plan one more reminder. */
      const more = (Object.keys(REMINDER_OFFSETS) as ReminderKind[]).some((kind) => !planned.some((p) => p.kind === kind) && lecture.startAt.getTime() - REMINDER_OFFSETS[kind] > now.getTime());
      return { lectureId, planned, more };
    },

    /**
     * A resident who answered the 3 questions at check-in accepted one message: invite him back when
     * the lecture ends (the 讲座后 questions are open for 24 hours from then). Asking twice plans one.
     */
    async inviteAfterCheck(lecture: { id: string; endAt: Date }, templateId: string, userId: string): Promise<{ dueAt: string }> {
      requireOurTemplate(templateId);
      const openid = await deps.openidOf(userId);
      if (!openid) throw new ConflictError('请用微信登录后再订阅提醒');
      const dueAt = new Date(Math.max(lecture.endAt.getTime(), clock().getTime()));
      const _id = reminderId(lecture.id, userId, 'after_check');
      try {
        await ReminderModel.create({ _id, lectureId: new mongoose.Types.ObjectId(lecture.id), userId: new mongoose.Types.ObjectId(userId), openid, templateId, kind: 'after_check', dueAt, status: 'pending' });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        await ReminderModel.updateOne(trusted({ _id, status: { $in: ['skipped', 'refused', 'failed'] } }), { $set: { status: 'pending', dueAt, templateId } });
      }
      return { dueAt: toCountyIso(dueAt) };
    },

    /** Whether a resident's after-lecture invitation is planned or sent. */
    async invitedAfterCheck(lectureId: string, userId: string): Promise<boolean> {
      return !!(await ReminderModel.exists(trusted({ _id: reminderId(lectureId, userId, 'after_check'), status: { $in: ['pending', 'sending', 'sent'] } })));
    },
  };
}

export type LectureReminders = ReturnType<typeof createLectureReminders>;
