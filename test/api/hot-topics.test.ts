import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '@qf/shared';
import { startTestApi, type TestApi } from '../support/api';
import type { AnswerOutcome } from '../../server/src/modules/quiz/weakspots.service';

/**
 * 精准普法's hot-topic board over real HTTP: a township's month ranked from the signals that exist
 * (answered consultations by topic, quiz answers got wrong by book, 明白人 records by topic), last
 * month beside it, township scoping, and plain refusals of bad input.
 */
const CHENGGUAN = '410922100';
const GUCHENG = '410922106';

// The county's clock for this suite; moved back to November for last month's signals.
let now = new Date('2026-12-20T02:00:00Z');

let api: TestApi;
let staff: Session;
let otherStaff: Session;
let admin: Session;
let literate: Session;
let village: string;

async function answeredConsultation(topic: string) {
  const asker = await api.loginAs(`hot-asker-${randomBytes(3).toString('hex')}`, { townshipCode: CHENGGUAN });
  const asked = await api.request('POST', '/api/v1/consultations', { token: asker.token, body: { villageId: village, text: `关于${topic}的问题，我家里遇到了，想问问怎么办？` } });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  const id = asked.body.id as string;
  expect((await api.request('POST', `/api/v1/consultations/${id}/claim`, { token: literate.token })).status).toBe(200);
  const answered = await api.request('POST', `/api/v1/consultations/${id}/answer`, { token: literate.token, body: { text: '可以先找村里调解，也可以到司法所咨询。', topic } });
  expect(answered.status, JSON.stringify(answered.body)).toBe(200);
}

/** A resident's quiz answers got wrong on these articles (the quiz feature records them as people answer). */
async function wrongAnswers(articles: number[]) {
  const outcomes = articles.map((n) => ({ isCorrect: false, question: { content: { articles: [n] } } }) as unknown as AnswerOutcome);
  await api.services.quiz.weakSpots.record({ id: randomBytes(12).toString('hex'), townshipCode: CHENGGUAN }, outcomes, now);
}

const board = (session: Session, query: string) => api.request('GET', `/api/v1/hot-topics?${query}`, { token: session.token });

beforeAll(async () => {
  api = await startTestApi({}, { clock: () => now });
  admin = await api.loginAs('hot-admin', { roles: ['county_admin'] });
  staff = await api.loginAs('hot-staff', { roles: ['township_staff'], staffTownshipCode: CHENGGUAN, townshipCode: CHENGGUAN });
  otherStaff = await api.loginAs('hot-staff-b', { roles: ['township_staff'], staffTownshipCode: GUCHENG, townshipCode: GUCHENG });
  literate = await api.loginAs('hot-literate', { roles: ['literate'], townshipCode: CHENGGUAN });
  village = (await api.request('POST', '/api/v1/villages', { token: staff.token, body: { townshipCode: CHENGGUAN, name: '热点村' } })).body.id;

  // November: one question on 赡养老人; the office plans a market-day stall for December.
  now = new Date('2026-11-10T02:00:00Z');
  await answeredConsultation('赡养老人');
  const everyDay = { kind: 'days', days: Array.from({ length: 30 }, (_, i) => i + 1) };
  const market = await api.request('POST', '/api/v1/fairs/markets', {
    token: staff.token,
    body: { townshipCode: CHENGGUAN, name: '热点测试集', village: '热点村', address: '村委会门口', location: { latitude: 35.8868, longitude: 115.1116 }, rule: everyDay },
  });
  expect(market.status, JSON.stringify(market.body)).toBe(201);
  const fair = await api.request('POST', '/api/v1/fairs', { token: staff.token, body: { marketId: market.body.id, date: '2026-12-05', services: ['法律咨询'], units: ['司法所'], staff: [] } });
  expect(fair.status, JSON.stringify(fair.body)).toBe(201);
  // December: 赡养老人 three times, 遗嘱继承 once; two wrong answers in 婚姻家庭; one 宅基地 record.
  now = new Date('2026-12-20T02:00:00Z');
  // The stall was held: people brought 宅基地 and 赡养老人 questions.
  const held = await api.request('PUT', `/api/v1/fairs/${fair.body.id}/record`, {
    token: staff.token,
    body: { consulted: 12, topics: ['宅基地', '赡养老人'], materials: 40, referredMediation: 0, referredLegalAid: 0 },
  });
  expect(held.status, JSON.stringify(held.body)).toBe(200);
  for (let i = 0; i < 3; i++) await answeredConsultation('赡养老人');
  await answeredConsultation('遗嘱继承');
  await wrongAnswers([1067, 1079]);
  const rec = await api.request('POST', '/api/v1/ledger/records', {
    token: literate.token,
    body: { kind: 'mediation', summary: '调解了宅基地边界纠纷', occurredAt: new Date(now.getTime() - 86_400_000).toISOString(), topic: '宅基地' },
  });
  expect(rec.status, JSON.stringify(rec.body)).toBe(201);
  // A resident searched twice for something the law pages do not answer well.
  const searcher = await api.loginAs('hot-searcher', { townshipCode: CHENGGUAN });
  for (let i = 0; i < 2; i++) {
    const miss = await api.request('GET', `/api/v1/search?q=${encodeURIComponent('火星移民签证')}`, { token: searcher.token });
    expect(miss.body.weak).toBe(true);
  }
  await api.services.search.flushMisses();
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe('the hot-topic board', () => {
  it('ranks the month from every signal, with last month beside each topic', async () => {
    const res = await board(staff, `townshipCode=${CHENGGUAN}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ townshipCode: CHENGGUAN, month: '2026-12', previousMonth: '2026-11' });
    expect(res.body.topics.map((t: { topic: string }) => t.topic)).toEqual(['赡养老人', '婚姻家庭', '宅基地', '遗嘱继承']);
    expect(res.body.topics[0]).toEqual({ topic: '赡养老人', count: 4, previous: 1, sources: { consultations: 3, quiz: 0, ledger: 0, fairs: 1 } });
    expect(res.body.topics[1]).toEqual({ topic: '婚姻家庭', count: 2, previous: 0, sources: { consultations: 0, quiz: 2, ledger: 0, fairs: 0 } });
    expect(res.body.topics[2]).toEqual({ topic: '宅基地', count: 2, previous: 0, sources: { consultations: 0, quiz: 0, ledger: 1, fairs: 1 } });
    // What people looked for and did not find, counted, never who.
    expect(res.body.unanswered).toHaveLength(1);
    expect(res.body.unanswered[0].count).toBe(2);
    expect(res.body.unanswered[0].words).toContain('火星');
    expect(JSON.stringify(res.body)).not.toContain('hot-searcher');
  });

  it('takes in new signals within a minute, without making anyone wait for the count', async () => {
    const first = await board(staff, `townshipCode=${CHENGGUAN}`);
    const before = first.body.topics.find((t: { topic: string }) => t.topic === '宅基地').sources.consultations;
    await answeredConsultation('宅基地');
    // Within the minute: the board as it was.
    const soon = await board(staff, `townshipCode=${CHENGGUAN}`);
    expect(soon.body.topics.find((t: { topic: string }) => t.topic === '宅基地').sources.consultations).toBe(before);
    // A minute on: the first reader still gets the kept board while a fresh count loads; then the new question is in.
    now = new Date(now.getTime() + 61_000);
    await board(staff, `townshipCode=${CHENGGUAN}`);
    await expect
      .poll(async () => (await board(staff, `townshipCode=${CHENGGUAN}`)).body.topics.find((t: { topic: string }) => t.topic === '宅基地').sources.consultations)
      .toBe(before + 1);
  });

  it('shows an earlier month on request, and the county sees any township', async () => {
    const november = await board(admin, `townshipCode=${CHENGGUAN}&month=2026-11`);
    expect(november.status).toBe(200);
    expect(november.body).toMatchObject({ month: '2026-11', previousMonth: '2026-10', topics: [{ topic: '赡养老人', count: 1, previous: 0 }] });
    const quiet = await board(admin, `townshipCode=${GUCHENG}`);
    expect(quiet.body.topics).toEqual([]);
    expect(quiet.body.unanswered).toEqual([]);
  });

  it('keeps each township to its own staff, and refuses bad input in plain words', async () => {
    expect((await board(otherStaff, `townshipCode=${CHENGGUAN}`)).status).toBe(404);
    expect((await board(literate, `townshipCode=${CHENGGUAN}`)).status).toBe(403);
    const badMonth = await board(staff, `townshipCode=${CHENGGUAN}&month=2026-13`);
    expect(badMonth.status).toBe(400);
    expect(badMonth.body.error.message).toContain('月份应写成 2026-03 这样');
    expect((await board(staff, 'month=2026-12')).status).toBe(400);
  });
});
