// The 17 township-level divisions of 清丰县 (8 镇, 9 乡), 国家统计局 2023 statistical codes.
// Copied from the county reference data so the product never reads outside the project.
export const TOWNSHIPS = [
  { code: "410922100", name: "城关镇", kind: "镇" },
  { code: "410922101", name: "马庄桥镇", kind: "镇" },
  { code: "410922102", name: "瓦屋头镇", kind: "镇" },
  { code: "410922103", name: "仙庄镇", kind: "镇" },
  { code: "410922104", name: "柳格镇", kind: "镇" },
  { code: "410922105", name: "韩村镇", kind: "镇" },
  { code: "410922106", name: "固城镇", kind: "镇" },
  { code: "410922107", name: "阳邵镇", kind: "镇" },
  { code: "410922200", name: "六塔乡", kind: "乡" },
  { code: "410922202", name: "巩营乡", kind: "乡" },
  { code: "410922203", name: "马村乡", kind: "乡" },
  { code: "410922204", name: "高堡乡", kind: "乡" },
  { code: "410922205", name: "古城乡", kind: "乡" },
  { code: "410922206", name: "大流乡", kind: "乡" },
  { code: "410922208", name: "大屯乡", kind: "乡" },
  { code: "410922212", name: "双庙乡", kind: "乡" },
  { code: "410922213", name: "纸房乡", kind: "乡" },
] as const satisfies readonly { code: string; name: string; kind: "镇" | "乡" }[];

export type TownshipCode = (typeof TOWNSHIPS)[number]["code"];

export const TOWNSHIP_CODES = TOWNSHIPS.map((t) => t.code) as [TownshipCode, ...TownshipCode[]];

const byCode = new Map<string, (typeof TOWNSHIPS)[number]>(TOWNSHIPS.map((t) => [t.code, t]));

export function findTownship(code: string) {
  return byCode.get(code);
}

export function townshipName(code: string): string {
  return byCode.get(code)?.name ?? code;
}
