import mongoose from 'mongoose';
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { countyDate, startOfCountyDay, type Session } from '@qf/shared';
import { launchChromium, openPage, PHONE, saveScreenshot, type OpenedPage } from './e2e-browser';
import { startE2eServer, type E2eServer } from './e2e-server';
import { pickDate, pickTime } from './wheels';

/**
 * A suite on a server of its own (without sample data unless asked), for e2e tests that set up their people
 * directly (roles written to the database) rather than through 人员与角色 (the day-one suites do
 * that, see day-one.ts). Starts the server and Chromium before the suite and stops them after.
 */
export function e2eSuite(options: { env?: Record<string, string>; sampleData?: boolean } = {}) {
  let server: E2eServer;
  let browser: Browser;
  let db: mongoose.Connection;
  beforeAll(async () => {
    // E2E_H5_DIR: a copy of the H5 build to serve instead of miniprogram/dist/h5 (which other builds may be rewriting).
    const h5Dir = process.env.E2E_H5_DIR;
    const env = { ...(options.sampleData ? {} : { SEED_SAMPLE_DATA: '0' }), ...options.env, ...(h5Dir ? { H5_DIR: h5Dir } : {}) };
    server = await startE2eServer({ env, requireH5: !h5Dir });
    db = await mongoose.createConnection(server.mongoUri).asPromise();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await db?.close();
    await server?.stop();
  });
  return {
    get server() {
      return server;
    },
    get db() {
      return db;
    },
    /** A development-login user with these fields (roles, township, name) set in the database. */
    async userWithRoles(name: string, set: Record<string, unknown>): Promise<Session> {
      const res = await fetch(`${server.baseUrl}/api/v1/auth/dev`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name }) });
      const session = (await res.json()) as Session;
      await db.collection('users').updateOne({ _id: new mongoose.Types.ObjectId(session.user.id) }, { $set: set });
      return session;
    },
    /** A browser page that signs in under this development name (the H5 app reads it from storage; Taro keeps values as {data}). */
    async pageAs(name: string, options: BrowserContextOptions = PHONE): Promise<OpenedPage> {
      const opened = await openPage(browser, server.baseUrl, { ...options, acceptDownloads: true });
      opened.page.setDefaultTimeout(20_000);
      await opened.context.addInitScript((devName) => localStorage.setItem('qf.devName', JSON.stringify({ data: devName })), name);
      return opened;
    },
  };
}

/** Waits for the H5 router's slide-in to settle, then saves a screenshot. */
export async function shot(page: Page, name: string) {
  await page.waitForTimeout(700);
  await saveScreenshot(page, name);
}

/** Types into the input with this placeholder, replacing what was there. */
export async function fill(page: Page, placeholder: string, value: string) {
  const input = page.locator(`input[placeholder="${placeholder}"]`);
  await input.fill('');
  await input.fill(value);
}

/** HH:mm in county time. */
export const hhmm = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(11, 16);

/**
 * A lecture a clerk plans for right now: starting in 15 minutes (check-in opens 30 minutes before),
 * up to an hour long, and inside one county day. The form takes one date, so a lecture cannot run
 * past midnight; at 23:00 an hour-long one is refused, as a clerk would be. Close to midnight it
 * starts just after it instead, still within check-in's 30 minutes.
 */
export function lectureStartingSoon(now = new Date()): { start: Date; end: Date } {
  const minute = 60_000;
  const midnightAfter = (at: Date) => new Date(startOfCountyDay(countyDate(at)).getTime() + 24 * 60 * minute);
  let start = new Date(now.getTime() + 15 * minute);
  if (midnightAfter(start).getTime() - start.getTime() < 10 * minute) start = new Date(midnightAfter(start).getTime() + minute);
  const end = new Date(Math.min(start.getTime() + 60 * minute, midnightAfter(start).getTime() - minute));
  return { start, end };
}

/**
 * Fills in 新建讲座 on the 工作台 as a clerk would (the speaker, the 城关镇 venue, 30 places), up to
 * but not including 保存并发布, so a test can look at the form first.
 */
export async function fillNewLecture(page: Page, lecture: { title: string; topics: string[]; start: Date; end: Date }) {
  await page.goto('/packages/workbench/pages/index/index');
  await page.getByText('新建讲座', { exact: true }).click();
  await page.waitForURL('**/packages/workbench/pages/form/index**');
  await fill(page, '例如：民法典婚姻家庭编讲座', lecture.title);
  for (const topic of lecture.topics) await page.getByText(topic, { exact: true }).click();
  await fill(page, '例如：李律师', '李明律师');
  await fill(page, '例如：某律师事务所', '清丰县法律援助中心');
  await fill(page, '例如：城关镇文化站', '城关镇文化站');
  await fill(page, '例如：城关镇中心街 1 号', '城关镇中心街 1 号');
  await pickDate(page, 'date', countyDate(lecture.start));
  await pickTime(page, 'start', hhmm(lecture.start));
  await pickTime(page, 'end', hhmm(lecture.end));
  await fill(page, '例如：60', '30');
}
