import type {
  CheckInCode,
  CheckInResult,
  CreateLectureBody,
  Lecture,
  LecturePage,
  MarkHeldBody,
  MyLectureRecord,
  ParticipationReport,
  ProgressOverview,
  ProxyCheckInBody,
  SignUpResult,
  TownshipCode,
  TownshipProgress,
  UpdateLectureBody,
  Upload,
} from '@qf/shared';
import type { z } from 'zod';
import { downloadFile, request, uploadFile } from './http';

type In<S extends z.ZodType> = z.input<S>;

export interface LectureListParams {
  townshipCode?: TownshipCode | undefined;
  status?: Lecture['status'] | undefined;
  scope?: 'upcoming' | 'past' | 'all';
  year?: number;
  limit?: number;
  offset?: number;
}

/** GET /lectures: upcoming by default, soonest first. */
export function listLectures(query: LectureListParams = {}) {
  return request<LecturePage>('GET', '/lectures', { query: { ...query } });
}

/** GET /lectures/:id (with the caller's own registration). */
export function getLecture(id: string) {
  return request<Lecture>('GET', `/lectures/${id}`);
}

/** POST /lectures (staff): a new draft. */
export function createLecture(body: In<typeof CreateLectureBody>) {
  return request<Lecture>('POST', '/lectures', { body });
}

/** PATCH /lectures/:id (staff) */
export function updateLecture(id: string, body: In<typeof UpdateLectureBody>) {
  return request<Lecture>('PATCH', `/lectures/${id}`, { body });
}

/** POST /lectures/:id/publish (staff) */
export function publishLecture(id: string) {
  return request<Lecture>('POST', `/lectures/${id}/publish`);
}

/** POST /lectures/:id/cancel (staff) */
export function cancelLecture(id: string, reason: string) {
  return request<Lecture>('POST', `/lectures/${id}/cancel`, { body: { reason } });
}

/** POST /lectures/:id/clone (staff): a draft copy at a later start. */
export function cloneLecture(id: string, startAt: string) {
  return request<Lecture>('POST', `/lectures/${id}/clone`, { body: { startAt } });
}

/** POST /lectures/:id/registrations: sign up (or join the waitlist when full). */
export function signUp(id: string) {
  return request<SignUpResult>('POST', `/lectures/${id}/registrations`);
}

/** DELETE /lectures/:id/registrations/me */
export function cancelSignUp(id: string) {
  return request<SignUpResult>('DELETE', `/lectures/${id}/registrations/me`);
}

/** GET /lectures/:id/registrations (staff) */
export function listRegistrations(id: string, query: { q?: string; status?: 'registered' | 'waitlisted' } = {}) {
  return request<{ items: { userId: string; displayName: string; status: string; waitlistPosition: number | null; checkedIn: boolean }[]; total: number }>(
    'GET',
    `/lectures/${id}/registrations`,
    { query: { ...query, limit: 500 } },
  );
}

/** GET /lectures/reminder-template: the subscription template to ask the user for (null when not set up). */
export function reminderTemplate() {
  return request<{ templateId: string | null }>('GET', '/lectures/reminder-template');
}

/** POST /lectures/:id/reminders: after the user agreed in wx.requestSubscribeMessage. */
export function subscribeReminder(id: string, templateId: string) {
  return request<{ planned: { kind: 'day_before' | 'two_hours'; dueAt: string }[]; more: boolean }>('POST', `/lectures/${id}/reminders`, { body: { templateId } });
}

/** GET /lectures/:id/check-in-code (staff): the rotating QR code. */
export function checkInCode(id: string) {
  return request<CheckInCode>('GET', `/lectures/${id}/check-in-code`, { query: { format: process.env.TARO_ENV === 'weapp' ? 'png' : 'svg' } });
}

/** POST /lectures/:id/check-ins: the resident's own check-in with the scanned token. */
export function checkIn(id: string, token: string) {
  return request<CheckInResult>('POST', `/lectures/${id}/check-ins`, { body: { token } });
}

/** POST /lectures/:id/check-ins/proxy (staff): 代签. */
export function proxyCheckIn(id: string, body: ProxyCheckInBody) {
  return request<CheckInResult>('POST', `/lectures/${id}/check-ins/proxy`, { body });
}

/** PUT /lectures/:id/walk-ins (staff) */
export function setWalkIns(id: string, count: number) {
  return request<Lecture>('PUT', `/lectures/${id}/walk-ins`, { body: { count } });
}

/** POST /lectures/:id/held (staff): evidence. */
export function markHeld(id: string, body: MarkHeldBody) {
  return request<Lecture>('POST', `/lectures/${id}/held`, { body });
}

/** GET /me/lectures: attended lectures (the 法律明白人 training record) and sign-ups to come. */
export function myLectureRecord(year?: number) {
  return request<MyLectureRecord>('GET', '/me/lectures', { query: { year } });
}

/** GET /progress?year= : the 17 townships against the annual quota. */
export function countyProgress(year: number) {
  return request<ProgressOverview>('GET', '/progress', { query: { year } });
}

/** GET /townships/:code/progress?year= */
export function townshipProgress(code: string, year: number) {
  return request<TownshipProgress>('GET', `/townships/${code}/progress`, { query: { year } });
}

/** GET /reports/participation (staff) */
export function participation(year: number, townshipCode?: string) {
  return request<ParticipationReport>('GET', '/reports/participation', { query: { year, townshipCode } });
}

/**
 * GET /reports/lectures.xlsx: in a browser the file is downloaded through a link; in WeChat it is
 * downloaded and opened with the document viewer (which can forward it).
 */
export function downloadLectureReport(year: number, townshipCode?: string): Promise<void> {
  return downloadFile('/reports/lectures.xlsx', `清丰县法治讲座-${year}.xlsx`, { year, townshipCode });
}

/** POST /uploads?kind=image (multipart): a photo of the lecture, sent with Taro.uploadFile. */
export function uploadLecturePhoto(filePath: string): Promise<Upload> {
  return uploadFile<Upload>('/uploads', filePath, { query: { kind: 'image' } });
}
