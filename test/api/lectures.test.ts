import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Session } from '@qf/shared';
import { startTestApi, type TestApi } from '../support/api';
import { AttendanceModel, LectureModel, RegistrationModel, ReminderModel, SeatModel } from '../../server/src/modules/lectures/lectures.model';

const T1 = '410922100'; // 城关镇
const T2 = '410922101'; // 马庄桥镇
const HOUR = 3600_000;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let now = new Date('2026-03-02T09:00:00+08:00');
const setNow = (iso: string | Date) => void (now = new Date(iso));
const iso = (d: Date) => d.toISOString();

let api: TestApi;
let staff: Session;
let otherStaff: Session;
let admin: Session;
let resident: Session;

beforeAll(async () => {
  api = await startTestApi({ SESSION_TTL_SECONDS: String(30 * 24 * 3600) }, { clock: () => now });
  [staff, otherStaff, admin, resident] = await Promise.all([
    api.loginAs('staff-chengguan', { roles: ['township_staff'], staffTownshipCode: T1 }),
    api.loginAs('staff-mazhuangqiao', { roles: ['township_staff'], staffTownshipCode: T2 }),
    api.loginAs('county-admin', { roles: ['county_admin'] }),
    api.loginAs('resident-wang', { townshipCode: T1 }),
  ]);
});
afterAll(() => api.close());

function lectureBody(overrides: Record<string, unknown> = {}) {
  const start = new Date(now.getTime() + 3 * 24 * HOUR);
  return {
    townshipCode: T1,
    title: '民法典婚姻家庭编讲座',
    topics: ['婚姻家庭', '赡养老人'],
    speaker: { name: '李律师', unit: '清丰县某律师事务所' },
    venue: { name: '城关镇文化站', address: '清丰县城关镇中心街 1 号', location: { latitude: 35.8856, longitude: 115.1043 } },
    startAt: iso(start),
    endAt: iso(new Date(start.getTime() + 2 * HOUR)),
    capacity: 50,
    notes: '请携带身份证',
    ...overrides,
  };
}

async function createPublished(overrides: Record<string, unknown> = {}, as: Session = staff) {
  const created = await api.request('POST', '/api/v1/lectures', { token: as.token, body: lectureBody(overrides) });
  expect(created.status).toBe(201);
  const published = await api.request('POST', `/api/v1/lectures/${created.body.id}/publish`, { token: as.token });
  expect(published.status).toBe(200);
  return published.body as { id: string; startAt: string; endAt: string };
}

async function uploadPhoto(token: string, bytes: Uint8Array = PNG, filename = 'scene.png') {
  const form = new FormData();
  form.append('file', new Blob([Buffer.from(bytes)]), filename);
  const res = await fetch(`${api.baseUrl}/api/v1/uploads?kind=image`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

async function residents(prefix: string, count: number): Promise<Session[]> {
  const out: Session[] = [];
  for (let i = 0; i < count; i += 50) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, j) => api.loginAs(`${prefix}-${i + j}`)))));
  }
  return out;
}

describe('planning lectures', () => {
  it('lets township staff create a draft, edit it and publish it; residents then see it first among upcoming lectures', async () => {
    const created = await api.request('POST', '/api/v1/lectures', { token: staff.token, body: lectureBody() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', townshipCode: T1, townshipName: '城关镇', capacity: 50, seatsLeft: 50, speaker: { name: '李律师' } });
    expect(created.body.startAt).toMatch(/\+08:00$/);
    const id = created.body.id;

    const publicBefore = await api.request('GET', `/api/v1/lectures?townshipCode=${T1}`);
    expect(publicBefore.body.items.map((l: any) => l.id)).not.toContain(id);
    expect((await api.request('GET', `/api/v1/lectures/${id}`)).status).toBe(404);

    const edited = await api.request('PATCH', `/api/v1/lectures/${id}`, { token: staff.token, body: { title: '民法典讲座：赡养与继承', capacity: 80 } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: '民法典讲座：赡养与继承', capacity: 80, seatsLeft: 80 });

    const published = await api.request('POST', `/api/v1/lectures/${id}/publish`, { token: staff.token });
    expect(published.body.status).toBe('published');
    expect((await api.request('POST', `/api/v1/lectures/${id}/publish`, { token: staff.token })).status).toBe(409);

    const list = await api.request('GET', `/api/v1/lectures?townshipCode=${T1}`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((l: any) => l.id)).toContain(id);
    const detail = await api.request('GET', `/api/v1/lectures/${id}`, { token: resident.token });
    expect(detail.body).toMatchObject({ id, status: 'published', venue: { location: { latitude: 35.8856 } }, seatsLeft: 80, myRegistration: null });
  });

  it('lists lectures of this week before later ones', async () => {
    const later = await createPublished({ startAt: iso(new Date(now.getTime() + 20 * 24 * HOUR)), endAt: iso(new Date(now.getTime() + 20 * 24 * HOUR + HOUR)) });
    const soon = await createPublished({ startAt: iso(new Date(now.getTime() + 26 * HOUR)), endAt: iso(new Date(now.getTime() + 27 * HOUR)) });
    const list = await api.request('GET', '/api/v1/lectures?limit=100');
    const ids = list.body.items.map((l: any) => l.id);
    expect(ids.indexOf(soon.id)).toBeLessThan(ids.indexOf(later.id));
    const soonItem = list.body.items.find((l: any) => l.id === soon.id);
    expect(soonItem.thisWeek).toBe(true);
    expect(list.body.items.find((l: any) => l.id === later.id).thisWeek).toBe(false);
  });

  it('clones a lecture to a later date as a new draft with the same details and duration', async () => {
    const source = await createPublished();
    const newStart = new Date(Date.parse(source.startAt) + 14 * 24 * HOUR);
    const clone = await api.request('POST', `/api/v1/lectures/${source.id}/clone`, { token: staff.token, body: { startAt: iso(newStart) } });
    expect(clone.status).toBe(201);
    expect(clone.body).toMatchObject({ status: 'draft', title: '民法典婚姻家庭编讲座', speaker: { name: '李律师', unit: '清丰县某律师事务所' }, capacity: 50, registeredCount: 0 });
    expect(Date.parse(clone.body.startAt)).toBe(newStart.getTime());
    expect(Date.parse(clone.body.endAt) - Date.parse(clone.body.startAt)).toBe(2 * HOUR);
    expect(clone.body.id).not.toBe(source.id);

    const earlier = await api.request('POST', `/api/v1/lectures/${source.id}/clone`, { token: staff.token, body: { startAt: iso(new Date(Date.parse(source.startAt) - HOUR)) } });
    expect(earlier.status).toBe(400);
    expect(earlier.body.error.details[0].field).toBe('body.startAt');
  });

  it('cancels a lecture with a reason, refuses new sign-ups and shows the reason to those registered', async () => {
    const lecture = await createPublished();
    const r = await api.loginAs('resident-cancel-notice');
    expect((await api.request('POST', `/api/v1/lectures/${lecture.id}/registrations`, { token: r.token })).body.status).toBe('registered');
    const cancelled = await api.request('POST', `/api/v1/lectures/${lecture.id}/cancel`, { token: staff.token, body: { reason: '主讲律师临时有事，改期另行通知' } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '主讲律师临时有事，改期另行通知' });
    const again = await api.request('POST', `/api/v1/lectures/${lecture.id}/registrations`, { token: resident.token });
    expect(again.status).toBe(409);
    const record = await api.request('GET', '/api/v1/me/lectures', { token: r.token });
    expect(record.body.upcoming).toContainEqual(expect.objectContaining({ lectureId: lecture.id, status: 'cancelled', cancelReason: '主讲律师临时有事，改期另行通知' }));
    const noReason = await api.request('POST', `/api/v1/lectures/${lecture.id}/cancel`, { token: staff.token, body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].field).toBe('body.reason');
  });
});

describe('township scoping', () => {
  it('keeps staff of one township out of another township: drafts, edits, check-in, evidence and export are 403', async () => {
    const draft = await api.request('POST', '/api/v1/lectures', { token: staff.token, body: lectureBody() });
    const published = await createPublished();
    const id = draft.body.id;
    const checks = await Promise.all([
      api.request('GET', `/api/v1/lectures/${id}`, { token: otherStaff.token }),
      api.request('GET', `/api/v1/lectures?townshipCode=${T1}&status=draft`, { token: otherStaff.token }),
      api.request('PATCH', `/api/v1/lectures/${id}`, { token: otherStaff.token, body: { title: '改标题' } }),
      api.request('POST', `/api/v1/lectures/${id}/publish`, { token: otherStaff.token }),
      api.request('POST', `/api/v1/lectures/${published.id}/cancel`, { token: otherStaff.token, body: { reason: '不该能取消' } }),
      api.request('POST', `/api/v1/lectures`, { token: otherStaff.token, body: lectureBody() }),
      api.request('GET', `/api/v1/lectures/${published.id}/check-in-code`, { token: otherStaff.token }),
      api.request('POST', `/api/v1/lectures/${published.id}/check-ins/proxy`, { token: otherStaff.token, body: { name: '张三' } }),
      api.request('PUT', `/api/v1/lectures/${published.id}/walk-ins`, { token: otherStaff.token, body: { count: 3 } }),
      api.request('GET', `/api/v1/lectures/${published.id}/registrations`, { token: otherStaff.token }),
      api.request('GET', `/api/v1/reports/lectures.xlsx?year=2026&townshipCode=${T1}`, { token: otherStaff.token }),
      api.request('GET', `/api/v1/reports/participation?year=2026&townshipCode=${T1}`, { token: otherStaff.token }),
    ]);
    expect(checks.map((r) => r.status)).toEqual(checks.map(() => 403));
    expect(checks[0]!.body.error.code).toBe('forbidden');
    // Nothing changed.
    const still = await api.request('GET', `/api/v1/lectures/${id}`, { token: staff.token });
    expect(still.body).toMatchObject({ status: 'draft', title: '民法典婚姻家庭编讲座' });
    expect((await api.request('GET', `/api/v1/lectures/${published.id}`)).body.status).toBe('published');
  });

  it('lets the county admin act in any township and lets staff list their own drafts', async () => {
    const byAdmin = await api.request('POST', '/api/v1/lectures', { token: admin.token, body: lectureBody({ townshipCode: T2 }) });
    expect(byAdmin.status).toBe(201);
    const drafts = await api.request('GET', '/api/v1/lectures?status=draft&scope=all', { token: otherStaff.token });
    expect(drafts.status).toBe(200);
    expect(drafts.body.items.map((l: any) => l.id)).toContain(byAdmin.body.id);
    expect(drafts.body.items.every((l: any) => l.townshipCode === T2 && l.status === 'draft')).toBe(true);
  });

  it('refuses residents staff actions with 403 and anonymous sign-up with 401', async () => {
    const lecture = await createPublished();
    expect((await api.request('POST', '/api/v1/lectures', { token: resident.token, body: lectureBody() })).status).toBe(403);
    expect((await api.request('GET', `/api/v1/lectures/${lecture.id}/check-in-code`, { token: resident.token })).status).toBe(403);
    expect((await api.request('POST', `/api/v1/lectures/${lecture.id}/registrations`)).status).toBe(401);
  });
});

describe('bad input', () => {
  it.each([
    ['end before start', { endAt: '2026-03-05T08:00:00+08:00', startAt: '2026-03-05T09:00:00+08:00' }, 'body.endAt'],
    ['capacity 0', { capacity: 0 }, 'body.capacity'],
    ['capacity 100000', { capacity: 100000 }, 'body.capacity'],
    ['latitude outside China', { venue: { name: '某地', address: '某地', location: { latitude: -33.9, longitude: 115.1 } } }, 'body.venue.location.latitude'],
    ['longitude outside China', { venue: { name: '某地', address: '某地', location: { latitude: 35.9, longitude: 2.35 } } }, 'body.venue.location.longitude'],
    ['unknown township', { townshipCode: '999999999' }, 'body.townshipCode'],
    ['empty title', { title: '  ' }, 'body.title'],
    ['an unknown field', { organiser: 'x' }, 'body.organiser'],
  ])('refuses %s with a 400 naming %s and stores nothing', async (_label, overrides, field) => {
    const before = await LectureModel.countDocuments();
    const res = await api.request('POST', '/api/v1/lectures', { token: staff.token, body: lectureBody(overrides) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(res.body.error.details.map((d: any) => d.field)).toContain(field);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await LectureModel.countDocuments()).toBe(before);
  });

  it('refuses an edit that would end a lecture before it starts, naming endAt, and keeps the lecture as it was', async () => {
    const lecture = await createPublished();
    const res = await api.request('PATCH', `/api/v1/lectures/${lecture.id}`, { token: staff.token, body: { endAt: iso(new Date(Date.parse(lecture.startAt) - HOUR)) } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('body.endAt');
    expect((await api.request('GET', `/api/v1/lectures/${lecture.id}`)).body.endAt).toBe(lecture.endAt);
  });

  it('refuses a non-image renamed .jpg as evidence upload (checked by content) and stores nothing', async () => {
    const res = await uploadPhoto(staff.token, new TextEncoder().encode('this is not a picture, just text pretending'), 'scene.jpg');
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('file');
  });

  it('refuses marking held with photo ids that are not uploaded images, naming the photo', async () => {
    const lecture = await createPublished({ startAt: iso(new Date(now.getTime() - HOUR)), endAt: iso(new Date(now.getTime() + HOUR)) });
    const res = await api.request('POST', `/api/v1/lectures/${lecture.id}/held`, { token: staff.token, body: { photos: ['AAAAAAAAAAAAAAAAAAAAAA'], headcount: 10 } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('body.photos.0');
    expect((await api.request('GET', `/api/v1/lectures/${lecture.id}`)).body.status).toBe('published');
  });

  it('refuses lowering the capacity below the seats already given', async () => {
    const lecture = await createPublished({ capacity: 2 });
    const [a, b] = await residents('cap', 2);
    await api.request('POST', `/api/v1/lectures/${lecture.id}/registrations`, { token: a!.token });
    await api.request('POST', `/api/v1/lectures/${lecture.id}/registrations`, { token: b!.token });
    const res = await api.request('PATCH', `/api/v1/lectures/${lecture.id}`, { token: staff.token, body: { capacity: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('body.capacity');
  });
});

describe('sign-up and waitlist', () => {
  it('gives 100 seats to 300 simultaneous sign-ups, waitlists 200 in arrival order, and a cancellation promotes exactly one', async () => {
    const lecture = await createPublished({ capacity: 100 });
    const people = await residents('crowd', 300);
    const results = await Promise.all(people.map((p) => api.request('POST', `/api/v1/lectures/${lecture.id}/registrations`, { token: p.token })));
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    expect(results.filter((r) => r.body.status === 'registered')).toHaveLength(100);
    expect(results.filter((r) => r.body.status === 'waitlisted')).toHaveLength(200);

    expect(await SeatModel.countDocuments({ lectureId: lecture.id })).toBe(100);
    const regs = await RegistrationModel.find({ lectureId: lecture.id }).lean();
    expect(regs).toHaveLength(300);
    const seated = new Set(regs.filter((r) => r.seatNo != null).map((r) => r.userId.toString()));
    expect(seated.size).toBe(100);
    expect(new Set(regs.filter((r) => r.seatNo != null).map((r) => r.seatNo))).toEqual(new Set(Array.from({ length: 100 }, (_, i) => i + 1)));
    // Those who were told "registered" are exactly those holding a seat.
    expect(new Set(results.filter((r) => r.body.status === 'registered').map((_, i) => i)).size).toBe(100);
    results.forEach((r, i) => expect(seated.has(people[i]!.user.id)).toBe(r.body.status === 'registered'));
    const waiting = regs.filter((r) => r.seatNo == null).sort((a, b) => a.arrivedAt.getTime() - b.arrivedAt.getTime() || a.arrivalSeq - b.arrivalSeq);
    const detail = await api.request('GET', `/api/v1/lectures/${lecture.id}`);
    expect(detail.body).toMatchObject({ seatsLeft: 0, registeredCount: 100, waitlistCount: 200 });

    // The waitlist is in arrival order, numbered 1..200.
    const list = await api.request('GET', `/api/v1/lectures/${lecture.id}/registrations?status=waitlisted&limit=500`, { token: staff.token });
    expect(list.body.items.map((i: any) => i.waitlistPosition)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(list.body.items.map((i: any) => i.userId)).toEqual(waiting.map((r) => r.userId.toString()));

    const first = waiting[0]!;
    const second = waiting[1]!;
    const firstSession = people.find((p) => p.user.id === first.userId.toString())!;
    const secondSession = people.find((p) => p.user.id === second.userId.toString())!;
    const mine = await api.request('GET', `/api/v1/lectures/${lecture.id}`, { token: firstSession.token });
    expect(mine.body.myRegistration).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    // Signing up again changes nothing.
    const repeat = await api.request('POST', `/api/v1/lectures/${lecture.id}/registrations`, { token: firstSession.token });
    expect(repeat.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    const leaver = people.find((p) => seated.has(p.user.id))!;
    const cancelled = await api.request('DELETE', `/api/v1/lectures/${lecture.id}/registrations/me`, { token: leaver.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');

    const after = await RegistrationModel.find({ lectureId: lecture.id }).lean();
    expect(await SeatModel.countDocuments({ lectureId: lecture.id })).toBe(100);
    expect(after.filter((r) => r.seatNo == null)).toHaveLength(199);
    expect(after.filter((r) => r.promotedAt).map((r) => r.userId.toString())).toEqual([first.userId.toString()]);
    const promoted = await api.request('GET', `/api/v1/lectures/${lecture.id}`, { token: firstSession.token });
    expect(promoted.body.myRegistration).toMatchObject({ status: 'registered', waitlistPosition: null });
    expect(promoted.body.myRegistration.promotedAt).not.toBeNull();
    expect(promoted.body).toMatchObject({ seatsLeft: 0, registeredCount: 100, waitlistCount: 199 });
    const nowFirst = await api.request('GET', `/api/v1/lectures/${lecture.id}`, { token: secondSession.token });
    expect(nowFirst.body.myRegistration.waitlistPosition).toBe(1);

    // Leaving the waitlist frees no seat and promotes nobody.
    await api.request('DELETE', `/api/v1/lectures/${lecture.id}/registrations/me`, { token: secondSession.token });
    const final = await api.request('GET', `/api/v1/lectures/${lecture.id}`);
    expect(final.body).toMatchObject({ seatsLeft: 0, registeredCount: 100, waitlistCount: 198 });
    expect(await SeatModel.countDocuments({ lectureId: lecture.id })).toBe(100);
  }, 180_000);

  it('promotes two different people, in order, when two seated people cancel at the same moment', async () => {
    const lecture = await createPublished({ capacity: 2 });
    const people = await residents('pair', 5);
    for (const p of people) await api.request('POST', `/api/v1/lectures/${lecture.id}/registrations`, { token: p.token });
    const [a, b, c, d, e] = people as [Session, Session, Session, Session, Session];
    await Promise.all([a, b].map((p) => api.request('DELETE', `/api/v1/lectures/${lecture.id}/registrations/me`, { token: p.token })));
    const seats = await SeatModel.find({ lectureId: lecture.id }).lean();
    expect(seats.map((s) => s.userId.toString()).sort()).toEqual([c.user.id, d.user.id].sort());
    const last = await api.request('GET', `/api/v1/lectures/${lecture.id}`, { token: e.token });
    expect(last.body).toMatchObject({ seatsLeft: 0, registeredCount: 2, waitlistCount: 1, myRegistration: { status: 'waitlisted', waitlistPosition: 1 } });
  });

  it('gives a seat to the waitlist when staff raise the capacity', async () => {
    const lecture = await createPublished({ capacity: 1 });
    const [a, b] = await residents('raise', 2);
    await api.request('POST', `/api/v1/lectures/${lecture.id}/registrations`, { token: a!.token });
    expect((await api.request('POST', `/api/v1/lectures/${lecture.id}/registrations`, { token: b!.token })).body.status).toBe('waitlisted');
    const raised = await api.request('PATCH', `/api/v1/lectures/${lecture.id}`, { token: staff.token, body: { capacity: 2 } });
    expect(raised.body).toMatchObject({ capacity: 2, registeredCount: 2, waitlistCount: 0, seatsLeft: 0 });
  });
});

describe('check-in', () => {
  it('shows a QR code with a signed token that changes over time, and checks a resident in once even when 200 identical requests arrive together', async () => {
    const start = new Date(now.getTime() + 2 * HOUR);
    const lecture = await createPublished({ startAt: iso(start), endAt: iso(new Date(start.getTime() + HOUR)) });
    const early = await api.request('GET', `/api/v1/lectures/${lecture.id}/check-in-code`, { token: staff.token });
    expect(early.status).toBe(200);
    // Too early: the window opens 30 minutes before the start.
    const tooEarly = await api.request('POST', `/api/v1/lectures/${lecture.id}/check-ins`, { token: resident.token, body: { token: early.body.token } });
    expect(tooEarly.status).toBe(409);

    setNow(new Date(start.getTime() - 10 * 60_000));
    const code = await api.request('GET', `/api/v1/lectures/${lecture.id}/check-in-code`, { token: staff.token });
    expect(code.body.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(code.body.qrDataUrl.split(',')[1], 'base64').toString()).toContain('<svg');
    expect(code.body.link).toContain(`id=${lecture.id}`);
    expect(code.body.refreshAfterSeconds).toBeGreaterThanOrEqual(30);
    expect(code.body.refreshAfterSeconds).toBeLessThanOrEqual(60);
    const png = await api.request('GET', `/api/v1/lectures/${lecture.id}/check-in-code?format=png`, { token: staff.token });
    expect(Buffer.from(png.body.qrDataUrl.split(',')[1], 'base64').subarray(1, 4).toString()).toBe('PNG');
    setNow(new Date(now.getTime() + 45_000));
    const next = await api.request('GET', `/api/v1/lectures/${lecture.id}/check-in-code`, { token: staff.token });
    expect(next.body.token).not.toBe(code.body.token);

    const burst = await Promise.all(Array.from({ length: 200 }, () => api.request('POST', `/api/v1/lectures/${lecture.id}/check-ins`, { token: resident.token, body: { token: code.body.token } })));
    expect(new Set(burst.map((r) => r.status))).toEqual(new Set([200]));
    expect(new Set(burst.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(burst[0]!.body).toMatchObject({ checkedIn: true, method: 'scan', name: 'resident-wang' });
    expect(await AttendanceModel.countDocuments({ lectureId: lecture.id })).toBe(1);
    expect((await api.request('GET', `/api/v1/lectures/${lecture.id}`)).body.checkInCount).toBe(1);
  });

  it('refuses expired, forged and other-lecture tokens with a 400 naming the token, and check-in after the window with 409', async () => {
    const start = new Date(now.getTime() + 20 * 60_000);
    const lecture = await createPublished({ startAt: iso(start), endAt: iso(new Date(start.getTime() + HOUR)) });
    const other = await createPublished({ startAt: iso(start), endAt: iso(new Date(start.getTime() + HOUR)) });
    const code = (await api.request('GET', `/api/v1/lectures/${lecture.id}/check-in-code`, { token: staff.token })).body;
    const otherCode = (await api.request('GET', `/api/v1/lectures/${other.id}/check-in-code`, { token: staff.token })).body;
    const r = await api.loginAs('resident-tokens');
    const attempt = (token: string) => api.request('POST', `/api/v1/lectures/${lecture.id}/check-ins`, { token: r.token, body: { token } });

    const [lectureId, issued, mac] = code.token.split('.');
    const forged = await attempt(`${lectureId}.${issued}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`);
    expect(forged.status).toBe(400);
    expect(forged.body.error.details[0].field).toBe('token');
    expect(forged.body.error.message).toContain('无效');
    const madeUp = await attempt(`${lectureId}.${(Math.floor(now.getTime() / 1000) + 10).toString(36)}.${mac}`);
    expect(madeUp.status).toBe(400);
    const wrongLecture = await attempt(otherCode.token);
    expect(wrongLecture.status).toBe(400);
    expect(wrongLecture.body.error.message).toContain('另一场讲座');

    setNow(new Date(now.getTime() + 91_000));
    const expired = await attempt(code.token);
    expect(expired.status).toBe(400);
    expect(expired.body.error.message).toContain('过期');
    expect(await AttendanceModel.countDocuments({ lectureId: lecture.id })).toBe(0);

    setNow(new Date(start.getTime() + 2 * HOUR + 60_000)); // an hour and a minute after the end
    const late = (await api.request('GET', `/api/v1/lectures/${lecture.id}/check-in-code`, { token: staff.token }));
    expect(late.status).toBe(409);
    setNow(new Date(start.getTime() + 2 * HOUR - 30_000));
    const lastCode = (await api.request('GET', `/api/v1/lectures/${lecture.id}/check-in-code`, { token: staff.token })).body;
    setNow(new Date(start.getTime() + 2 * HOUR + 30_000));
    const afterWindow = await attempt(lastCode.token);
    expect(afterWindow.status).toBe(409);
    expect(afterWindow.body.error.message).toContain('签到已结束');
  });

  it('lets staff check residents in on their behalf by account or by name, once each, and record walk-ins', async () => {
    const start = new Date(now.getTime() + 10 * 60_000);
    const lecture = await createPublished({ startAt: iso(start), endAt: iso(new Date(start.getTime() + HOUR)) });
    const elder = await api.loginAs('elder-zhao', { townshipCode: T1 });
    await api.request('POST', `/api/v1/lectures/${lecture.id}/registrations`, { token: elder.token });
    const found = await api.request('GET', `/api/v1/lectures/${lecture.id}/registrations?q=zhao`, { token: staff.token });
    expect(found.body.items).toEqual([expect.objectContaining({ userId: elder.user.id, displayName: 'elder-zhao', checkedIn: false })]);

    const byAccount = await api.request('POST', `/api/v1/lectures/${lecture.id}/check-ins/proxy`, { token: staff.token, body: { userId: elder.user.id } });
    expect(byAccount.status).toBe(200);
    expect(byAccount.body).toMatchObject({ method: 'proxy', name: 'elder-zhao' });
    const byName = await Promise.all([1, 2, 3].map(() => api.request('POST', `/api/v1/lectures/${lecture.id}/check-ins/proxy`, { token: staff.token, body: { name: '王秀英', phone: '13800001234' } })));
    expect(byName.map((r) => r.body.method)).toEqual(['proxy_name', 'proxy_name', 'proxy_name']);
    const badPhone = await api.request('POST', `/api/v1/lectures/${lecture.id}/check-ins/proxy`, { token: staff.token, body: { name: '王秀英', phone: '123' } });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.details[0].field).toBe('body.phone');

    const walkIns = await api.request('PUT', `/api/v1/lectures/${lecture.id}/walk-ins`, { token: staff.token, body: { count: 12 } });
    expect(walkIns.body).toMatchObject({ walkIns: 12, checkInCount: 2 });
    const checked = await api.request('GET', `/api/v1/lectures/${lecture.id}/registrations`, { token: staff.token });
    expect(checked.body.items[0].checkedIn).toBe(true);
    const mine = await api.request('GET', `/api/v1/lectures/${lecture.id}`, { token: elder.token });
    expect(mine.body.myRegistration).toMatchObject({ status: 'registered', checkedIn: true });
  });
});

describe('evidence, progress and reports', () => {
  it('counts a lecture toward the 20 only once it is held with photos and people present, and shows it in progress, figures, Excel and the resident record', async () => {
    setNow('2026-03-12T09:00:00+08:00');
    const townshipBefore = (await api.request('GET', `/api/v1/townships/${T2}/progress?year=2026`, { token: admin.token })).body;
    const start = new Date(now.getTime() + 40 * 60_000);
    const lecture = await createPublished({ townshipCode: T2, startAt: iso(start), endAt: iso(new Date(start.getTime() + HOUR)) }, otherStaff);
    const attendee = await api.loginAs('literate-liu', { roles: ['literate'], townshipCode: T2 });
    await api.request('POST', `/api/v1/lectures/${lecture.id}/registrations`, { token: attendee.token });
    expect((await api.request('POST', `/api/v1/lectures/${lecture.id}/held`, { token: otherStaff.token, body: { photos: ['AAAAAAAAAAAAAAAAAAAAAA'], headcount: 1 } })).status).toBe(409);

    setNow(new Date(start.getTime() + 5 * 60_000));
    const code = (await api.request('GET', `/api/v1/lectures/${lecture.id}/check-in-code`, { token: otherStaff.token })).body;
    expect((await api.request('POST', `/api/v1/lectures/${lecture.id}/check-ins`, { token: attendee.token, body: { token: code.token } })).status).toBe(200);
    await api.request('PUT', `/api/v1/lectures/${lecture.id}/walk-ins`, { token: otherStaff.token, body: { count: 7 } });

    const photo = await uploadPhoto(otherStaff.token);
    expect(photo.status).toBe(201);
    const noPhoto = await api.request('POST', `/api/v1/lectures/${lecture.id}/held`, { token: otherStaff.token, body: { photos: [], headcount: 30 } });
    expect(noPhoto.status).toBe(400);
    expect(noPhoto.body.error.details[0].field).toBe('body.photos');
    const held = await api.request('POST', `/api/v1/lectures/${lecture.id}/held`, { token: otherStaff.token, body: { photos: [photo.body.id], headcount: 30 } });
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ status: 'held', evidence: { headcount: 30, photos: [{ id: photo.body.id, url: photo.body.url }] } });

    const progress = await api.request('GET', '/api/v1/progress?year=2026', { token: admin.token });
    expect(progress.status).toBe(200);
    expect(progress.body.items).toHaveLength(17);
    const row = progress.body.items.find((i: any) => i.townshipCode === T2);
    expect(row).toMatchObject({ quota: 20, held: townshipBefore.held + 1, expectedByToday: 3, onPace: false, pace: 'slightly_behind', color: '#b26a00' });
    const single = await api.request('GET', `/api/v1/townships/${T2}/progress?year=2026`, { token: staff.token });
    expect(single.body).toEqual(row);

    const quota = await api.request('PUT', '/api/v1/lecture-quotas/2026', { token: admin.token, body: { quota: 12 } });
    expect(quota.status).toBe(200);
    expect((await api.request('PUT', '/api/v1/lecture-quotas/2026', { token: staff.token, body: { quota: 1 } })).status).toBe(403);
    const withQuota = (await api.request('GET', `/api/v1/townships/${T2}/progress?year=2026`, { token: admin.token })).body;
    expect(withQuota).toMatchObject({ quota: 12, expectedByToday: 2 });
    await api.request('PUT', '/api/v1/lecture-quotas/2026', { token: admin.token, body: { quota: 20 } });

    const figures = await api.request('GET', `/api/v1/reports/participation?year=2026&townshipCode=${T2}`, { token: otherStaff.token });
    expect(figures.status).toBe(200);
    const lectureRow = figures.body.byLecture.find((l: any) => l.lectureId === lecture.id);
    expect(lectureRow).toMatchObject({ registrations: 1, checkIns: 1, walkIns: 7, headcount: 30 });
    expect(figures.body.byMonth[2].lectures).toBeGreaterThanOrEqual(1);
    expect(figures.body.totals.distinctResidents).toBeGreaterThanOrEqual(1);
    const ownScope = await api.request('GET', '/api/v1/reports/participation?year=2026', { token: otherStaff.token });
    expect(ownScope.body.byTownship.map((t: any) => t.townshipCode)).toEqual([T2]);

    const record = await api.request('GET', '/api/v1/me/lectures?year=2026', { token: attendee.token });
    expect(record.body.attendedCount).toBe(1);
    expect(record.body.attended[0]).toMatchObject({ lectureId: lecture.id, method: 'scan', townshipName: '马庄桥镇' });

    const file = await fetch(`${api.baseUrl}/api/v1/reports/lectures.xlsx?year=2026`, { headers: { Authorization: `Bearer ${admin.token}` } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await file.arrayBuffer());
    expect(wb.worksheets.map((s) => s.name)).toEqual(['讲座', '乡镇进度']);
    const lectures = wb.getWorksheet('讲座')!;
    expect(lectures.getRow(1).getCell(2).value).toBe('讲座名称');
    const heldRow = lectures.getSheetValues().find((r: any) => Array.isArray(r) && r[1] === '马庄桥镇' && r[10] === '已举办') as any[];
    expect(heldRow).toBeDefined();
    expect(heldRow[18]).toBe('是');
    const progressSheet = wb.getWorksheet('乡镇进度')!;
    expect(progressSheet.rowCount).toBe(18);
    const t2Row = progressSheet.getSheetValues().find((r: any) => Array.isArray(r) && r[1] === '马庄桥镇') as any[];
    expect(t2Row[3]).toBe(row.held);

    const staffFile = await fetch(`${api.baseUrl}/api/v1/reports/lectures.xlsx?year=2026`, { headers: { Authorization: `Bearer ${otherStaff.token}` } });
    const staffWb = new ExcelJS.Workbook();
    await staffWb.xlsx.load(await staffFile.arrayBuffer());
    expect(staffWb.getWorksheet('乡镇进度')!.rowCount).toBe(2);
    const townshipsInFile = new Set(staffWb.getWorksheet('讲座')!.getSheetValues().slice(2).map((r: any) => r?.[1]));
    expect([...townshipsInFile]).toEqual(['马庄桥镇']);
  });

  it('refuses marking held with nobody present', async () => {
    const lecture = await createPublished({ startAt: iso(new Date(now.getTime() + 60_000)), endAt: iso(new Date(now.getTime() + HOUR)) });
    setNow(new Date(now.getTime() + 2 * 60_000));
    const photo = await uploadPhoto(staff.token);
    const res = await api.request('POST', `/api/v1/lectures/${lecture.id}/held`, { token: staff.token, body: { photos: [photo.body.id], headcount: 0 } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('body.headcount');
  });
});

describe('reminders', () => {
  const TEMPLATE = 'tmpl-lecture-reminder-0001';
  const sent: any[] = [];
  const refusing = new Set<string>();

  beforeAll(() => {
    api.wechat.handle('POST', '/cgi-bin/message/subscribe/send', async ({ url, body }) => {
      if (!api.wechat.isValidToken(url.searchParams.get('access_token'))) return { errcode: 40001, errmsg: 'invalid credential' };
      if (!body?.touser) return { errcode: 40003, errmsg: 'invalid openid' };
      if (body.template_id !== TEMPLATE) return { errcode: 40037, errmsg: 'invalid template_id' };
      if (refusing.has(body.touser)) return { errcode: 43101, errmsg: 'user refuse to accept the msg' };
      for (const [key, v] of Object.entries(body.data ?? {}) as [string, any][]) {
        if (key.startsWith('thing') && String(v.value).length > 20) return { errcode: 47003, errmsg: `argument invalid! data.${key}.value` };
      }
      // A slow answer gives a competing task every chance to send the same reminder again.
      await new Promise((r) => setTimeout(r, 30));
      sent.push(body);
      return { errcode: 0, errmsg: 'ok', msgid: sent.length };
    });
  });

  it('sends each reminder once, the day before and two hours before, even when two instances run the task at once', async () => {
    setNow('2026-03-16T09:00:00+08:00');
    const start = new Date('2026-03-20T14:30:00+08:00');
    const lecture = await createPublished({ title: '民法典进万家：邻里纠纷怎么办（相邻关系专题讲座）', startAt: iso(start), endAt: iso(new Date(start.getTime() + HOUR)) });
    const people = await residents('remind', 3);
    for (const p of people) await api.request('POST', `/api/v1/lectures/${lecture.id}/registrations`, { token: p.token });
    // Each acceptance in WeChat allows one message: the first plans the day-before reminder, the second the two-hours one.
    const sub = await api.request('POST', `/api/v1/lectures/${lecture.id}/reminders`, { token: people[0]!.token, body: { templateId: TEMPLATE } });
    expect(sub.status).toBe(200);
    expect(sub.body).toMatchObject({ planned: [{ kind: 'day_before', dueAt: '2026-03-19T14:30:00.000+08:00' }], more: true });
    const again = await api.request('POST', `/api/v1/lectures/${lecture.id}/reminders`, { token: people[0]!.token, body: { templateId: TEMPLATE } });
    expect(again.body.planned.map((p: any) => p.kind)).toEqual(['day_before', 'two_hours']);
    expect(again.body.more).toBe(false);
    for (const i of [1, 1]) await api.request('POST', `/api/v1/lectures/${lecture.id}/reminders`, { token: people[i]!.token, body: { templateId: TEMPLATE } });
    // Not signed up: refused.
    expect((await api.request('POST', `/api/v1/lectures/${lecture.id}/reminders`, { token: resident.token, body: { templateId: TEMPLATE } })).status).toBe(409);
    const task = api.tasks.find((t) => t.name === 'lecture-reminders')!;

    await task.run(new Date('2026-03-19T14:00:00+08:00'));
    expect(sent).toHaveLength(0);
    await Promise.all([task.run(new Date('2026-03-19T14:31:00+08:00')), task.run(new Date('2026-03-19T14:31:00+08:00'))]);
    expect(sent).toHaveLength(2);
    expect(sent.map((s) => s.touser).sort()).toEqual(['dev:remind-0', 'dev:remind-1']);
    expect(sent[0]).toMatchObject({ template_id: TEMPLATE, page: `packages/lectures/pages/detail/index?id=${lecture.id}`, data: { time2: { value: '2026年03月20日 14:30' } } });
    expect(sent[0].data.thing1.value.length).toBeLessThanOrEqual(20);

    await Promise.all([task.run(new Date('2026-03-20T12:31:00+08:00')), task.run(new Date('2026-03-20T12:31:00+08:00')), task.run(new Date('2026-03-20T12:31:00+08:00'))]);
    expect(sent).toHaveLength(4);
    await task.run(new Date('2026-03-20T13:00:00+08:00'));
    expect(sent).toHaveLength(4);
    expect(await ReminderModel.countDocuments({ lectureId: lecture.id, status: 'sent' })).toBe(4);
  });

  it('records a refusal (43101) without retrying, and tells subscribers when a lecture is cancelled', async () => {
    sent.length = 0;
    setNow('2026-03-23T09:00:00+08:00');
    const start = new Date('2026-03-27T09:00:00+08:00');
    const lecture = await createPublished({ startAt: iso(start), endAt: iso(new Date(start.getTime() + HOUR)) });
    const [a, b] = await residents('notice', 2);
    for (const p of [a!, b!]) {
      await api.request('POST', `/api/v1/lectures/${lecture.id}/registrations`, { token: p.token });
      await api.request('POST', `/api/v1/lectures/${lecture.id}/reminders`, { token: p.token, body: { templateId: TEMPLATE } });
      await api.request('POST', `/api/v1/lectures/${lecture.id}/reminders`, { token: p.token, body: { templateId: TEMPLATE } });
    }
    refusing.add('dev:notice-1');
    await api.request('POST', `/api/v1/lectures/${lecture.id}/cancel`, { token: staff.token, body: { reason: '暴雨预警，讲座改期' } });
    const task = api.tasks.find((t) => t.name === 'lecture-reminders')!;
    await task.run(now);
    await task.run(new Date(now.getTime() + 10 * 60_000));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ touser: 'dev:notice-0', data: { thing4: { value: expect.stringContaining('讲座已取消') } } });
    const refused = await ReminderModel.findOne({ lectureId: lecture.id, userId: b!.user.id, kind: 'cancelled' }).lean();
    expect(refused).toMatchObject({ status: 'refused', attempts: 1 });
    // Nothing else goes out later for a cancelled lecture.
    await task.run(new Date('2026-03-27T07:30:00+08:00'));
    expect(sent).toHaveLength(1);
  });
});

describe('OpenAPI', () => {
  it('documents the lecture, progress and report routes', async () => {
    const res = await api.request('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const paths = Object.keys(res.body.paths);
    for (const path of ['/api/v1/lectures', '/api/v1/lectures/{id}/registrations', '/api/v1/lectures/{id}/check-ins', '/api/v1/progress', '/api/v1/townships/{code}/progress', '/api/v1/reports/lectures.xlsx']) {
      expect(paths).toContain(path);
    }
  });
});
