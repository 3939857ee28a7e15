/**
 * Article numbers as people write them: 1043, 第1043条, 第一千零四十三条, 一千零四十三, １０４３.
 * Pure: used by the server's look-up, the question import and the mini-program's search box.
 */
const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const NUMERALS = '零〇一二三四五六七八九十百千两';

/**
 * Parses a Chinese numeral below 10 000 written the usual way (一千零四十三, 十五, 一百一十, 二百零六)
 * or digit by digit (一〇四三). Returns null for anything else, including malformed numerals
 * such as 十十 or 千一百.
 */
export function parseChineseNumeral(text: string): number | null {
  if (!text || [...text].some((ch) => !NUMERALS.includes(ch))) return null;
  if (![...text].some((ch) => ch in UNITS)) {
    // 一〇四三: positional digits, without a leading zero.
    if (DIGITS[text[0]!] === 0) return null;
    return Number([...text].map((ch) => DIGITS[ch]).join(''));
  }
  let total = 0;
  let digit: number | null = null;
  let lastUnit = Infinity;
  let zeroPending = false;
  for (const ch of text) {
    if (ch in DIGITS) {
      if (digit !== null) return null; // two digits in a row: 四三
      const value = DIGITS[ch]!;
      if (value === 0) {
        if (zeroPending || total === 0) return null;
        zeroPending = true;
        continue;
      }
      digit = value;
    } else {
      const unit = UNITS[ch]!;
      if (unit >= lastUnit) return null; // 十十, 百千
      if (digit === null && !(unit === 10 && total === 0)) return null; // a bare 十 only leads: 十五
      total += (digit ?? 1) * unit;
      lastUnit = unit;
      digit = null;
      zeroPending = false;
    }
  }
  if (zeroPending && digit === null) return null; // 一百零
  if (digit !== null) {
    // A trailing digit is a unit digit only when the previous unit was 十 or a 零 came before it (一千零四);
    // 一千四 would mean 1400 colloquially; we refuse it rather than guess.
    if (lastUnit !== 10 && !zeroPending && lastUnit !== Infinity) return null;
    total += digit;
  }
  return total;
}

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1043 → 一千零四十三, 15 → 十五, 110 → 一百一十: the way statutes number their articles. */
export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 10_000) throw new RangeError(`${n} is out of range`);
  if (n === 0) return '零';
  const parts: string[] = [];
  const units = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
  ] as const;
  let rest = n;
  let needZero = false;
  for (const [value, name] of units) {
    const d = Math.floor(rest / value);
    rest %= value;
    if (d > 0) {
      if (needZero) parts.push('零');
      needZero = false;
      if (!(value === 10 && d === 1 && parts.length === 0)) parts.push(CN_DIGITS[d]!);
      parts.push(name);
    } else if (parts.length > 0) needZero = true;
  }
  if (rest > 0) {
    if (needZero) parts.push('零');
    parts.push(CN_DIGITS[rest]!);
  }
  return parts.join('');
}

/** 第一千零四十三条 */
export const articleLabel = (n: number) => `第${toChineseNumeral(n)}条`;

/**
 * Reads an article number from what a person typed: 1043, 第1043条, 第 1043 条, 第一千零四十三条,
 * 一千零四十三, full-width digits. Returns null when it is not an article number at all; the range
 * (1…1260 for the Civil Code) is the caller's to check.
 */
export function parseArticleNumber(input: string): number | null {
  const text = input
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^第/, '')
    .replace(/条$/, '');
  if (/^\d{1,5}$/.test(text)) {
    const n = Number(text);
    return n > 0 ? n : null;
  }
  const n = parseChineseNumeral(text);
  return n !== null && n > 0 ? n : null;
}

/**
 * Article numbers cited in free text such as an Excel cell: "1043", "第1043条、第1044条",
 * "1043,1044", "第一千零四十三条". Returns null if any piece is not an article number.
 */
export function parseArticleList(input: string): number[] | null {
  const pieces = input
    .normalize('NFKC')
    .split(/[,，、;；\s]+|(?<=条)(?=第)/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (pieces.length === 0) return null;
  const numbers: number[] = [];
  for (const piece of pieces) {
    const n = parseArticleNumber(piece);
    if (n === null) return null;
    if (!numbers.includes(n)) numbers.push(n);
  }
  return numbers;
}
