import type { Consultation, ConsultationSummary, ConsultTier, Dashboard, Faq, QueuePage, ReferralKind, Upload, Village } from '@qf/shared';
import { request, uploadFile } from './http';

/** The tiered consultation (问一问) and its FAQ; one function per endpoint. */

export const CONSULT_PAGES = {
  ask: '/packages/consult/pages/ask/index',
  mine: '/packages/consult/pages/mine/index',
  thread: (id: string) => `/packages/consult/pages/thread/index?id=${id}`,
  queue: '/packages/consult/pages/queue/index',
  faq: '/packages/consult/pages/faq/index',
  faqEdit: (id: string) => `/packages/consult/pages/faq-edit/index?id=${id}`,
  dashboard: '/packages/consult/pages/dashboard/index',
};

export const listVillages = (townshipCode: string) => request<{ items: Village[] }>('GET', `/townships/${townshipCode}/villages`, { auth: false });

export const uploadConsultFile = (filePath: string, kind: 'image' | 'audio', fileName?: string) =>
  uploadFile<Upload>('/consultations/uploads', filePath, { query: { kind }, ...(fileName ? { fileName } : {}) });

export interface AskInput {
  text: string;
  villageId: string;
  photoIds: string[];
  voiceId?: string;
  phone?: string;
  proxyName?: string;
  notifyTemplateId?: string;
}
export const askQuestion = (body: AskInput) => request<ConsultationSummary>('POST', '/consultations', { body });
export const myQuestions = () => request<{ items: ConsultationSummary[] }>('GET', '/consultations/mine');
export const getConsultation = (id: string) => request<Consultation>('GET', `/consultations/${id}`);
export const markAvoided = (kind: 'faq' | 'article', ref: string) => request<{ counted: boolean }>('POST', '/consultations/avoided', { body: { kind, ref } });
export const getQueue = (query: { tier?: ConsultTier; villageId?: string; limit?: number; offset?: number }) => request<QueuePage>('GET', '/consultations/queue', { query });
export const claim = (id: string) => request<Consultation>('POST', `/consultations/${id}/claim`);
export const answer = (id: string, body: { text: string; articles: number[]; topic: string }) => request<Consultation>('POST', `/consultations/${id}/answer`, { body });
export const escalate = (id: string, note: string) => request<Consultation>('POST', `/consultations/${id}/escalate`, { body: { note } });
export const refer = (id: string, kind: ReferralKind, note: string) => request<Consultation>('POST', `/consultations/${id}/refer`, { body: { kind, note } });
export const feedback = (id: string, resolved: boolean, followUp?: string) =>
  request<Consultation>('POST', `/consultations/${id}/feedback`, { body: resolved ? { resolved } : { resolved, followUp } });
export const draftFaq = (id: string) => request<Faq>('POST', `/consultations/${id}/faq`);
export const listFaqs = (query: { topic?: string; status?: 'draft' } = {}) => request<{ items: Faq[]; topics: { topic: string; count: number }[] }>('GET', '/faqs', { query, auth: query.status === 'draft' });
export const getFaq = (id: string) => request<Faq>('GET', `/faqs/${id}`);
export const saveFaq = (id: string, body: Pick<Faq, 'title' | 'question' | 'answer' | 'articles' | 'topic'>) => request<Faq>('PUT', `/faqs/${id}`, { body });
export const publishFaq = (id: string) => request<Faq>('POST', `/faqs/${id}/publish`);
export const retireFaq = (id: string) => request<Faq>('POST', `/faqs/${id}/retire`);
export const getDashboard = (query: { townshipCode?: string; month?: string } = {}) => request<Dashboard>('GET', '/consultation-dashboard', { query });
export const getNoticeTemplate = () => request<{ templateId: string | null; waitingTemplateId: string | null }>('GET', '/consultation-notice-template', { auth: false });

/** A handler's one acceptance of 「有问题转来」: the next question the timer moves up to him is messaged. */
export const acceptWaitingNotice = (templateId: string) => request<{ pending: number }>('POST', '/consultations/waiting-notices', { body: { templateId } });

/** One suggestion shown while the resident types: a published FAQ or a Civil Code article. */
export interface Suggestion {
  kind: 'faq' | 'article';
  ref: string;
  title: string;
  text: string;
}

interface SearchAnswer {
  items: { kind: string; id: string; number: number | null; title: string; where: string; sentence: { text: string }[] }[];
}

/** What might already answer the question being typed: the county's one search, over published FAQ and articles. */
export async function suggest(text: string): Promise<Suggestion[]> {
  const q = text.trim().slice(0, 100);
  if (Array.from(q).length < 4) return [];
  // Anonymous on purpose: half-typed questions must not count as searches that found nothing.
  const res = await request<SearchAnswer>('GET', '/search', { auth: false, query: { q, kinds: 'faq,article', limit: 5 } });
  return res.items.map((h) => ({
    kind: h.kind === 'faq' ? 'faq' : 'article',
    ref: h.kind === 'faq' ? h.id : String(h.number ?? h.id),
    title: h.kind === 'faq' ? h.title : `民法典${h.title}`,
    text: h.sentence.map((s) => s.text).join(''),
  }));
}

export const addVillage = (townshipCode: string, name: string) => request<Village>('POST', '/villages', { body: { townshipCode, name } });
export const removeVillage = (id: string) => request<void>('DELETE', `/villages/${id}`);
