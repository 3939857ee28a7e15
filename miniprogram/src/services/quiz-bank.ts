import type {
  CivilCodeBook,
  ImportConfirmResult,
  ImportReport,
  ManagedQuestion,
  QuestionContent,
  QuestionReportStatus,
  ReportAnswerResult,
  ReportGroupList,
  QuestionStatus,
  QuestionType,
} from '@qf/shared';
import { downloadFile, request, uploadFile } from './http';

/** The question bank, for propaganda staff and county admins (answers included: staff only). */

export interface QuestionPageResult {
  items: ManagedQuestion[];
  total: number;
  limit: number;
  offset: number;
  activeByBook: Record<string, number>;
}

/** GET /quiz/questions */
export function listQuestions(query: { book?: CivilCodeBook; type?: QuestionType; status?: QuestionStatus; q?: string; limit?: number; offset?: number }) {
  return request<QuestionPageResult>('GET', '/quiz/questions', { query });
}

/** GET /quiz/questions/:id */
export function getQuestion(id: string) {
  return request<ManagedQuestion>('GET', `/quiz/questions/${encodeURIComponent(id)}`);
}

/** POST /quiz/questions */
export function createQuestion(content: QuestionContent) {
  return request<ManagedQuestion>('POST', '/quiz/questions', { body: { content } });
}

/** PUT /quiz/questions/:id — with the version read, so a concurrent edit is a 409. */
export function updateQuestion(id: string, content: QuestionContent, version: number) {
  return request<ManagedQuestion>('PUT', `/quiz/questions/${encodeURIComponent(id)}`, { body: { content, version } });
}

/** PUT /quiz/questions/:id/status — retire or bring back. */
export function setQuestionStatus(id: string, status: QuestionStatus) {
  return request<ManagedQuestion>('PUT', `/quiz/questions/${encodeURIComponent(id)}/status`, { body: { status } });
}

/** POST /quiz/question-imports/confirm: store the chosen rows of a report. */
export function confirmImport(importId: string, rows: number[], choices: { row: number; article: number }[] = []) {
  return request<ImportConfirmResult>('POST', '/quiz/question-imports/confirm', { body: { importId, rows, choices } });
}

/** GET /quiz/question-reports?status=: 报错 grouped by question, latest first. */
export function listQuestionReports(status: QuestionReportStatus) {
  return request<ReportGroupList>('GET', '/quiz/question-reports', { query: { status } });
}

/** POST /quiz/question-reports/:id/answer: answers (and closes) every open report on the question. */
export function answerQuestionReports(questionId: string, answer: string) {
  return request<ReportAnswerResult>('POST', `/quiz/question-reports/${encodeURIComponent(questionId)}/answer`, { body: { answer } });
}

/**
 * GET /quiz/question-imports/template: the Excel template. In WeChat it opens in the system viewer
 * (to forward to a computer); in a browser it is saved as a file.
 */
export function downloadTemplate(): Promise<void> {
  return downloadFile('/quiz/question-imports/template', '题库导入模板.xlsx');
}

export { chooseWorkbook } from './files';

/** POST /quiz/question-imports (multipart, field `file`): the per-row report; nothing is stored yet. */
export function uploadWorkbook(file: { path: string; name: string }): Promise<ImportReport> {
  return uploadFile<ImportReport>('/quiz/question-imports', file.path, { fileName: file.name });
}

/** Where the staff pages live. */
export const QUIZ_BANK_PAGES = {
  list: '/packages/quiz-bank/pages/list/index',
  edit: (id?: string) => `/packages/quiz-bank/pages/edit/index${id ? `?id=${encodeURIComponent(id)}` : ''}`,
  import: '/packages/quiz-bank/pages/import/index',
  reports: '/packages/quiz-bank/pages/reports/index',
};
