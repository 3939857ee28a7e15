import mongoose from 'mongoose';
import { parseArticleNumber, type ManagedQuestion, type Me, type QuestionContent, type QuestionListQuery, type QuestionStatus } from '@qf/shared';
import { ConflictError, NotFoundError } from '../../http/errors';
import { isDuplicateKey } from '../../db/unique';
import { QuestionModel, type QuestionDoc } from './questions.model';
import { byContent, contentId, toManaged, type QuestionBank } from './questions.bank';
import type { QuestionsService } from './questions.service';

/** 题库管理: staff (宣传员, 县管理员) list, read, write and retire questions one at a time. */
export function createQuestionEditingService(deps: { bank: QuestionBank; questions: QuestionsService }) {
  const { bank } = deps;

  return {
    async list(query: QuestionListQuery) {
      const all = await bank.all();
      const asNumber = query.q ? parseArticleNumber(query.q) : null;
      const words = query.q && asNumber === null ? query.q.split(/\s+/).filter(Boolean) : [];
      const matches = [...all.values()]
        .filter(
          (q) =>
            (!query.book || q.content.book === query.book) &&
            (!query.type || q.content.type === query.type) &&
            (!query.status || q.status === query.status) &&
            (asNumber === null || q.content.articles.includes(asNumber)) &&
            words.every((w) => q.content.stem.includes(w) || q.content.explanation.includes(w) || q.id === w),
        )
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      const page = matches.slice(query.offset, query.offset + query.limit);
      const docs = page.length > 0 ? await QuestionModel.find({ _id: mongoose.trusted({ $in: page.map((q) => q.id) }) }).lean<QuestionDoc[]>() : [];
      const byId = new Map(docs.map((d) => [d._id, toManaged(d)]));
      return {
        items: page.map((q) => byId.get(q.id)).filter((q): q is ManagedQuestion => q !== undefined),
        total: matches.length,
        limit: query.limit,
        offset: query.offset,
        activeByBook: await deps.questions.activeCountByBook(),
      };
    },

    async get(id: string): Promise<ManagedQuestion> {
      return toManaged(await bank.findDoc(id));
    },

    /** A new question; its id comes from its content, so writing the same question twice is a 409. */
    async create(actor: Me, content: QuestionContent): Promise<ManagedQuestion> {
      await bank.ready();
      bank.requireValidContent(content);
      const id = contentId(content);
      const existing = byContent(await bank.all()).get(id);
      if (existing) throw new ConflictError(`题库里已有这道题（${existing}）`, { id: existing });
      try {
        const doc = await QuestionModel.create({ _id: id, status: 'active', content, origin: 'staff', version: 1, createdBy: actor.id, updatedBy: actor.id });
        bank.invalidate();
        return toManaged(doc.toObject() as QuestionDoc);
      } catch (err) {
        if (isDuplicateKey(err)) throw new ConflictError('题库里已有这道题', { id });
        throw err;
      }
    },

    /** Replaces the content if nobody changed the question since `version` was read. */
    async update(actor: Me, id: string, input: { content: QuestionContent; version: number }): Promise<ManagedQuestion> {
      await bank.findDoc(id);
      bank.requireValidContent(input.content);
      const doc = await QuestionModel.findOneAndUpdate(
        { _id: id, version: input.version },
        { $set: { content: input.content, updatedBy: actor.id }, $inc: { version: 1 } },
        { returnDocument: 'after' },
      ).lean<QuestionDoc>();
      if (!doc) throw new ConflictError('这道题刚被别人改过，请刷新后再改');
      bank.invalidate();
      return toManaged(doc);
    },

    /** Retire (no longer drawn) or bring back a question. */
    async setStatus(actor: Me, id: string, status: QuestionStatus): Promise<ManagedQuestion> {
      await bank.findDoc(id);
      const doc = await QuestionModel.findOneAndUpdate({ _id: id }, { $set: { status, updatedBy: actor.id } }, { returnDocument: 'after' }).lean<QuestionDoc>();
      if (!doc) throw new NotFoundError('找不到这道题');
      bank.invalidate();
      return toManaged(doc);
    },
  };
}

export type QuestionEditingService = ReturnType<typeof createQuestionEditingService>;
