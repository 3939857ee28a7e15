/** Date and time words for lecture pages (county time, +08:00). */
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

function parts(iso: string) {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), w: WEEKDAYS[d.getUTCDay()]!, hh: String(d.getUTCHours()).padStart(2, '0'), mm: String(d.getUTCMinutes()).padStart(2, '0') };
}

/** 3月5日 周四 */
export function dayLabel(iso: string) {
  const p = parts(iso);
  return `${p.m}月${p.d}日 周${p.w}`;
}

/** 09:00 */
export function timeLabel(iso: string) {
  const p = parts(iso);
  return `${p.hh}:${p.mm}`;
}

/** 3月5日 周四 09:00–11:00 */
export function spanLabel(startAt: string, endAt: string) {
  return `${dayLabel(startAt)} ${timeLabel(startAt)}–${timeLabel(endAt)}`;
}

/** YYYY-MM-DD and HH:mm of an instant in county time, for form fields. */
export function dateField(iso: string) {
  const p = parts(iso);
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}
export function timeField(iso: string) {
  return timeLabel(iso);
}

/** Builds an ISO instant with the county offset from form fields. */
export function toIso(date: string, time: string) {
  return `${date}T${time}:00+08:00`;
}

export function currentYear() {
  return parts(new Date().toISOString()).y;
}

/** Staff words (the workbench). */
export const STATUS_WORDS: Record<string, string> = { draft: '草稿', published: '已发布', held: '已举办', cancelled: '已取消' };

/** What a resident is told about a lecture: whether it is still to come, not our workflow's 「已发布」. */
export function residentStatusWords(l: { status: string; startAt: string; endAt: string }, now = Date.now()): string {
  if (l.status === 'draft') return '还没有公布';
  if (l.status === 'cancelled') return '已取消';
  if (l.status === 'held' || Date.parse(l.endAt) <= now) return '已举办';
  if (Date.parse(l.startAt) <= now) return '正在进行';
  return '欢迎报名参加';
}
