import type { Locator, Page } from 'playwright-core';

// Taro's H5 picker (taro-picker-group): rows are 34 px high and the chosen row sits 102 px below
// the top of the column. A person drags the wheel; so do we, with the mouse, a few rows per drag
// so the pointer never leaves the column (leaving it ends the drag).
const ROW = 34;
const TOP = 102;
const ROWS_PER_DRAG = 2;

const numberOf = (text: string) => Number(text.replace(/\D/g, ''));

async function rowNow(column: Locator): Promise<number> {
  const y = await column.locator('.weui-picker__content').evaluate((el) => {
    const m = /translate3d\(0(?:px)?,\s*(-?[\d.]+)px/.exec((el as HTMLElement).style.transform);
    return m ? Number(m[1]) : 0;
  });
  return Math.round((TOP - y) / ROW);
}

async function turnTo(page: Page, column: Locator, wanted: number) {
  const labels = await column.locator('.weui-picker__item').allTextContents();
  for (let guard = 0; guard < 40; guard++) {
    const now = await rowNow(column);
    if (numberOf(labels[now] ?? '') === wanted) return;
    // The nearest row with that number (the time wheels repeat a few rows at each end).
    const targets = labels.map((l, i) => (numberOf(l) === wanted ? i : -1)).filter((i) => i >= 0);
    if (targets.length === 0) throw new Error(`no row ${wanted} on this wheel`);
    const target = targets.reduce((a, b) => (Math.abs(b - now) < Math.abs(a - now) ? b : a));
    const step = Math.max(-ROWS_PER_DRAG, Math.min(ROWS_PER_DRAG, target - now));
    const box = (await column.boundingBox())!;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x, y - step * ROW, { steps: 6 });
    await page.mouse.up();
    await page.waitForTimeout(60);
  }
  throw new Error(`the wheel did not reach ${wanted}`);
}

/** Opens a date or time picker by tapping it, turns each wheel to its number, and taps 确定. */
export async function pickOnWheels(page: Page, trigger: Locator, numbers: number[]) {
  await trigger.click();
  // The overlay itself has no size (its sheet is fixed-positioned): wait for the sheet.
  const overlay = page.locator('.weui-picker:visible');
  await overlay.waitFor();
  const columns = overlay.locator('.weui-picker__group');
  for (const [i, n] of numbers.entries()) await turnTo(page, columns.nth(i), n);
  await overlay.locator('.weui-picker__action', { hasText: '确定' }).click();
  await overlay.waitFor({ state: 'hidden' });
}

/** The date picker named `name` (DatePicker's data-picker) set to YYYY-MM-DD. */
export function pickDate(page: Page, name: string, date: string) {
  const [y, m, d] = date.split('-').map(Number);
  return pickOnWheels(page, page.locator(`[data-picker="${name}"]`), [y!, m!, d!]);
}

/** The time picker named `name` set to HH:mm. */
export function pickTime(page: Page, name: string, time: string) {
  const [h, m] = time.split(':').map(Number);
  return pickOnWheels(page, page.locator(`[data-picker="${name}"]`), [h!, m!]);
}
