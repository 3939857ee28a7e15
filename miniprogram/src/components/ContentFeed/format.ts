/** Small helpers shared by the feed and the content subpackage (no styles, so no CSS comes along). */

export const postPageUrl = (id: string) => `/packages/content/pages/post/index?id=${id}`;

/** 11月25日, or 2024年11月25日 for another year. */
export function shortDate(iso: string) {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const thisYear = new Date().getFullYear();
  return y === thisYear ? `${m}月${d}日` : `${y}年${m}月${d}日`;
}
