import type { AnswerLectureCheckBody, AwarenessReport, LectureAwareness, LectureCheckState, TownshipCode } from '@qf/shared';
import { request } from './http';

export const LECTURE_CHECK_PAGES = {
  check: (lectureId: string) => `/packages/lecture-checks/pages/check/index?id=${lectureId}`,
  lecture: (lectureId: string) => `/packages/lecture-checks/pages/lecture/index?id=${lectureId}`,
  report: '/packages/lecture-checks/pages/report/index',
};

/** GET /lectures/:id/check: the 3 questions and what the resident may answer now. */
export function getLectureCheck(lectureId: string) {
  return request<LectureCheckState>('GET', `/lectures/${lectureId}/check`);
}

/** POST /lectures/:id/check: one phase's answers (once). */
export function answerLectureCheck(lectureId: string, body: AnswerLectureCheckBody) {
  return request<LectureCheckState>('POST', `/lectures/${lectureId}/check`, { body });
}

/** POST /lectures/:id/check/invite: after he agreed in wx.requestSubscribeMessage. */
export function inviteAfterCheck(lectureId: string, templateId: string) {
  return request<{ dueAt: string }>('POST', `/lectures/${lectureId}/check/invite`, { body: { templateId } });
}

/** GET /lectures/:id/awareness (staff): the lecture's 知晓率 before → after. */
export function lectureAwareness(lectureId: string) {
  return request<LectureAwareness>('GET', `/lectures/${lectureId}/awareness`);
}

/** GET /lecture-awareness (staff): a year's 知晓率 by topic. */
export function awarenessReport(year: number, townshipCode?: TownshipCode | null) {
  return request<AwarenessReport>('GET', '/lecture-awareness', { query: { year, ...(townshipCode ? { townshipCode } : {}) } });
}
