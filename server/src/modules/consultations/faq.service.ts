import { maskPersonalInfo, servedTiers, toCountyIso, type Faq, type Me } from '@qf/shared';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors';
import { readById } from '../../db/by-id';
import { createTtlCache } from '../../lib/ttl-cache';
import type { ContentSecurity } from '../wechat/content-security';
import type { UsersService } from '../users/users.service';
import { FaqModel, insertOnce, type ConsultationDoc, type FaqDoc } from './consultations.model';
import type { ConsultState } from './consult-state';
import type { HandlingService } from './handling.service';

export interface FaqSearchHook {
  /** Called when the published set changes, so the search index can reload its FAQ documents. */
  changed(): void;
}

const toFaq = (d: FaqDoc): Faq => ({
  id: d._id,
  townshipCode: d.townshipCode as Faq['townshipCode'],
  status: d.status,
  title: d.title,
  question: d.question,
  answer: d.answer,
  articles: [...(d.articles ?? [])],
  topic: d.topic,
  publishedAt: d.publishedAt ? toCountyIso(d.publishedAt) : null,
  refusal: d.refusal ?? null,
});

/**
 * A good answer becomes a public FAQ: the system masks what identifies the asker, the adviser edits
 * the draft, WeChat's text check runs, and it is published by topic. The FAQ's _id is the
 * consultation's, so a consultation gives one FAQ however often 「可公开」 is tapped.
 */
export function createFaqService(deps: { state: ConsultState; handling: HandlingService; security: ContentSecurity; users: UsersService; clock: () => Date; search: FaqSearchHook }) {
  const { state, handling, clock } = deps;
  const published = createTtlCache<FaqDoc[]>(10_000);
  const loadPublished = () => published.get('all', () => FaqModel.find({ status: 'published' }).sort({ publishedAt: -1 }).lean<FaqDoc[]>());
  const changed = () => {
    published.delete('all');
    deps.search.changed();
  };

  const mayEdit = (actor: Me, townshipCode: string) => actor.roles.includes('county_admin') || servedTiers(actor, townshipCode).includes('adviser');

  async function editable(actor: Me, id: string): Promise<FaqDoc> {
    const doc = await readById<FaqDoc>(FaqModel, id);
    if (!doc || !mayEdit(actor, doc.townshipCode)) throw new NotFoundError('找不到这条问答');
    return doc;
  }

  return {
    loadPublished,

    /** 「可公开」: a masked draft from an answered consultation. */
    async draftFrom(actor: Me, consultationId: string): Promise<Faq> {
      const doc: ConsultationDoc = await handling.visible(actor, consultationId);
      if (!mayEdit(actor, doc.townshipCode)) throw new ForbiddenError('只有服务本乡镇的法律顾问可以公开问答');
      const { outcomes, feedbacks } = await state.thread(doc);
      const answers = outcomes.filter((o) => o?.kind === 'answered');
      const last = answers.at(-1);
      if (!last) throw new ConflictError('这个问题还没有回复，不能公开');
      const names = [doc.askerName];
      const followUps = feedbacks.filter((f) => f && !f.resolved).map((f) => f!.followUp ?? '');
      const question = maskPersonalInfo([doc.text, ...followUps].join('\n'), names);
      const draft: FaqDoc = {
        _id: consultationId,
        townshipCode: doc.townshipCode,
        status: 'draft',
        title: question.replace(/\s+/g, ' ').slice(0, 30),
        question,
        answer: maskPersonalInfo(last.text, names),
        articles: [...new Set(answers.flatMap((a) => a!.articles))],
        topic: last.topic ?? doc.topic ?? '其他',
        publishedAt: null,
        refusal: null,
      };
      if (!(await insertOnce(FaqModel, { ...draft, createdAt: clock(), updatedAt: clock() }))) {
        return toFaq((await readById<FaqDoc>(FaqModel, consultationId))!);
      }
      return toFaq(draft);
    },

    async update(actor: Me, id: string, body: Pick<Faq, 'title' | 'question' | 'answer' | 'articles' | 'topic'>): Promise<Faq> {
      const doc = await editable(actor, id);
      if (doc.status === 'published') throw new ConflictError('已发布的问答请先撤下再修改');
      const set = { ...body, refusal: null };
      await FaqModel.updateOne({ _id: id }, { $set: set });
      return toFaq({ ...doc, ...set });
    },

    async publish(actor: Me, id: string): Promise<Faq> {
      const doc = await editable(actor, id);
      if (doc.status === 'published') return toFaq(doc);
      const openid = (await deps.users.openidOf(actor.id)) ?? `user:${actor.id}`;
      const verdict = await deps.security.checkText({ openid, title: doc.title, text: `${doc.question}\n${doc.answer}` });
      if (verdict.suggest === 'risky') {
        const refusal = '微信内容安全检测未通过，请修改后再发布';
        await FaqModel.updateOne({ _id: id }, { $set: { refusal } });
        throw new ConflictError(refusal, { label: verdict.label });
      }
      const set = { status: 'published' as const, publishedAt: clock(), refusal: null };
      await FaqModel.updateOne({ _id: id }, { $set: set });
      changed();
      return toFaq({ ...doc, ...set });
    },

    async retire(actor: Me, id: string): Promise<Faq> {
      const doc = await editable(actor, id);
      await FaqModel.updateOne({ _id: id }, { $set: { status: 'retired' } });
      changed();
      return toFaq({ ...doc, status: 'retired' });
    },

    async list(actor: Me | undefined, query: { topic?: string | undefined; status?: 'draft' | 'published' | undefined }) {
      let docs: FaqDoc[];
      if (query.status === 'draft') {
        if (!actor || !(actor.roles.includes('county_admin') || actor.roles.includes('adviser'))) throw new ForbiddenError('只有法律顾问可以查看草稿');
        const all = await FaqModel.find({ status: 'draft' }).lean<FaqDoc[]>();
        docs = all.filter((d) => mayEdit(actor, d.townshipCode));
      } else docs = await loadPublished();
      const topics = new Map<string, number>();
      for (const d of docs) topics.set(d.topic, (topics.get(d.topic) ?? 0) + 1);
      const items = (query.topic ? docs.filter((d) => d.topic === query.topic) : docs).map(toFaq);
      return { items, topics: [...topics].map(([topic, count]) => ({ topic, count })).sort((a, b) => b.count - a.count) };
    },

    async get(actor: Me | undefined, id: string): Promise<Faq> {
      const doc = await readById<FaqDoc>(FaqModel, id);
      if (!doc) throw new NotFoundError('找不到这条问答');
      if (doc.status !== 'published' && !(actor && mayEdit(actor, doc.townshipCode))) throw new NotFoundError('找不到这条问答');
      return toFaq(doc);
    },

    async faqIdOf(consultationId: string) {
      const doc = await readById<FaqDoc>(FaqModel, consultationId);
      return doc ? doc._id : null;
    },
  };
}

export type FaqService = ReturnType<typeof createFaqService>;
