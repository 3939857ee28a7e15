/** The county keeps Beijing time (UTC+8, no daylight saving), so day boundaries are fixed offsets. */
export const COUNTY_UTC_OFFSET_MINUTES = 8 * 60;
const OFFSET_MS = COUNTY_UTC_OFFSET_MINUTES * 60_000;

/** The county's calendar date (YYYY-MM-DD) of an instant. */
export function countyDate(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Year, month (1–12) and day of an instant on the county's calendar. */
export function countyDateParts(instant: Date): { year: number; month: number; day: number } {
  const d = new Date(instant.getTime() + OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The instant a county calendar day starts (00:00 Beijing time). */
export function startOfCountyDay(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

/** Formats an instant as ISO 8601 with the county's +08:00 offset. */
export function toCountyIso(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().replace('Z', '+08:00');
}

/** The county month (YYYY-MM) of an instant. */
export function countyMonth(instant: Date): string {
  return countyDate(instant).slice(0, 7);
}

/** The month before YYYY-MM. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** A county month as instants: from its first midnight up to (not including) the next month's. */
export function countyMonthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: startOfCountyDay(`${month}-01`), to: startOfCountyDay(`${next}-01`) };
}
