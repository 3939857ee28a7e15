import type {
  AnswerFeedback,
  AnswerSheetBody,
  Attempt,
  AttemptResult,
  Campaign,
  CampaignDetail,
  CampaignInput,
  CampaignPatch,
  CampaignPhase,
  Certificate,
  CertificateVerification,
  CivilCodeBook,
  DailyQuiz,
  DailyResult,
  GivenAnswer,
  MyQuestionReport,
  MyQuestionReportList,
  PeopleLeaderboard,
  PracticeSet,
  QuizStats,
  TownshipLeaderboard,
  WeakSpots,
  WrongBookList,
} from '@qf/shared';
import { request } from './http';

/** The quiz modes: one typed function per endpoint. Answers only ever come back after answering. */

/** GET /quiz/me: streak and wrong-book count. */
export const getQuizStats = () => request<QuizStats>('GET', '/quiz/me');

/** GET /quiz/daily: today's five questions (the same five all day). */
export const getDailyQuiz = () => request<DailyQuiz>('GET', '/quiz/daily');

/** POST /quiz/daily/submit: once a day; a repeat gets the stored result. */
export const submitDailyQuiz = (body: AnswerSheetBody) => request<DailyResult>('POST', '/quiz/daily/submit', { body });

/** GET /quiz/practice?book=: ten questions of one book. */
export const getPracticeSet = (book: CivilCodeBook) => request<PracticeSet>('GET', '/quiz/practice', { query: { book } });

/** POST /quiz/practice/answers: one answer, instant feedback. */
export const answerPractice = (body: GivenAnswer) => request<AnswerFeedback>('POST', '/quiz/practice/answers', { body });

/** GET /quiz/wrong-book */
export const getWrongBook = (book?: CivilCodeBook) => request<WrongBookList>('GET', '/quiz/wrong-book', { query: { book } });

/** POST /quiz/wrong-book/answers: redo; two right in a row take the question out. */
export const answerWrongBook = (body: GivenAnswer) => request<AnswerFeedback>('POST', '/quiz/wrong-book/answers', { body });

/** GET /quiz/campaigns */
export const listCampaigns = (phase?: CampaignPhase) => request<{ items: Campaign[] }>('GET', '/quiz/campaigns', { query: { phase } });

/** POST /quiz/campaigns (county admin) */
export const createCampaign = (body: CampaignInput) => request<Campaign>('POST', '/quiz/campaigns', { body });

/** PATCH /quiz/campaigns/:id (county admin) */
export const updateCampaign = (id: string, body: CampaignPatch) => request<Campaign>('PATCH', `/quiz/campaigns/${id}`, { body });

/** GET /quiz/campaigns/:id — with the person's own standing. */
export const getCampaign = (id: string) => request<CampaignDetail>('GET', `/quiz/campaigns/${id}`);

/** POST /quiz/campaigns/:id/attempts — starts, or gives back the open attempt. */
export const startAttempt = (id: string) => request<Attempt>('POST', `/quiz/campaigns/${id}/attempts`);

/** GET /quiz/campaigns/:id/attempts/:n */
export const getAttempt = (id: string, n: number) => request<Attempt>('GET', `/quiz/campaigns/${id}/attempts/${n}`);

/** POST /quiz/campaigns/:id/attempts/:n/submit */
export const submitAttempt = (id: string, n: number, body: AnswerSheetBody) => request<AttemptResult>('POST', `/quiz/campaigns/${id}/attempts/${n}/submit`, { body });

/** GET /quiz/campaigns/:id/leaderboard/people */
export const getPeopleBoard = (id: string) => request<PeopleLeaderboard>('GET', `/quiz/campaigns/${id}/leaderboard/people`);

/** GET /quiz/campaigns/:id/leaderboard/townships */
export const getTownshipBoard = (id: string) => request<TownshipLeaderboard>('GET', `/quiz/campaigns/${id}/leaderboard/townships`);

/** GET /quiz/certificates — mine. */
export const getMyCertificates = () => request<{ items: Certificate[] }>('GET', '/quiz/certificates');

/** GET /quiz/certificates/:code — one of mine, full name. */
export const getMyCertificate = (code: string) => request<Certificate>('GET', `/quiz/certificates/${code}`);

/** GET /certificates/:code — public verification, name masked. */
export const verifyCertificate = (code: string) => request<CertificateVerification>('GET', `/certificates/${encodeURIComponent(code)}`, { auth: false });

/** GET /quiz/weak-spots/:townshipCode (township staff, county admin) */
export const getWeakSpots = (townshipCode: string) => request<WeakSpots>('GET', `/quiz/weak-spots/${townshipCode}`);

/** POST /quiz/question-reports: 报错 — what looks wrong with a question, in a few words. */
export const reportQuestion = (questionId: string, text: string) => request<MyQuestionReport>('POST', '/quiz/question-reports', { body: { questionId, text } });

/** GET /quiz/question-reports/mine: my reports and the staff's answers. */
export const getMyReports = () => request<MyQuestionReportList>('GET', '/quiz/question-reports/mine');

export const QUIZ_PAGES = {
  daily: '/packages/quiz/pages/daily/index',
  practice: (book: CivilCodeBook) => `/packages/quiz/pages/practice/index?book=${encodeURIComponent(book)}`,
  wrongBook: '/packages/quiz/pages/wrongbook/index',
  campaign: (id: string) => `/packages/quiz/pages/campaign/index?id=${id}`,
  attempt: (id: string, n: number) => `/packages/quiz/pages/attempt/index?id=${id}&n=${n}`,
  certificate: (code: string) => `/packages/quiz/pages/certificate/index?code=${code}`,
  verify: '/packages/quiz/pages/verify/index',
  newCampaign: '/packages/quiz/pages/campaign-new/index',
  editCampaign: (id: string) => `/packages/quiz/pages/campaign-new/index?id=${id}`,
  weakSpots: (townshipCode: string) => `/packages/quiz/pages/weakspots/index?township=${townshipCode}`,
  myReports: '/packages/quiz/pages/reports/index',
};
