#!/usr/bin/env node
/**
 * Parses the statute texts kept with the county's data (../shared/data/civil-code.md and
 * constitution.md) into JSON committed under server/src/modules/civil-code/data/, so that the
 * product never reads ../shared at run time. Run it again only when the source texts change:
 *
 *   node scripts/build-law-data.mjs [--source /work/shared/data]
 *
 * It refuses to write anything unless every article from 1 to the last is found exactly once,
 * in order.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourceArg = process.argv.indexOf('--source');
const sourceDir = sourceArg > 0 ? resolve(process.argv[sourceArg + 1]) : resolve(root, '../shared/data');
const outDir = join(root, 'server/src/modules/civil-code/data');

const DIGITS = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS = { 十: 10, 百: 100, 千: 1000 };

function chineseToNumber(text) {
  let total = 0;
  let digit = null;
  for (const ch of text) {
    if (ch in DIGITS) digit = DIGITS[ch];
    else if (ch in UNITS) {
      total += (digit ?? 1) * UNITS[ch];
      digit = null;
    } else throw new Error(`not a Chinese numeral: ${text}`);
  }
  return total + (digit ?? 0);
}

/** "第二节　监　护" → { label: "第二节", title: "监护" }; "附　　则" → { label: "", title: "附则" }. */
function splitHeading(text) {
  const squeezed = text.replace(/[\s　]+/g, ' ').trim();
  const m = /^(第[零〇一二三四五六七八九十百千]+(?:编|分编|章|节))\s*(.*)$/.exec(squeezed);
  if (!m) return { label: '', title: squeezed.replace(/ /g, '') };
  return { label: m[1], title: m[2].replace(/ /g, '') };
}

const ARTICLE = /^第([零〇一二三四五六七八九十百千]+)条[ 　]+(.*)$/;

function parseLaw(markdown, { expectCount }) {
  const lines = markdown.split(/\r?\n/);
  const articles = [];
  const preamble = [];
  let state = { book: null, part: null, chapter: null, section: null };
  let current = null;
  let inPreamble = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('<!--')) continue;
    const heading = /^(#+)\s+(.*)$/.exec(line);
    if (heading) {
      current = null;
      const level = heading[1].length;
      if (level === 1) continue;
      const h = splitHeading(heading[2]);
      inPreamble = h.title === '序言';
      if (inPreamble) continue;
      if (h.label.endsWith('分编')) state = { ...state, part: h, chapter: null, section: null };
      else if (h.label.endsWith('编') || h.title === '附则') state = { book: h, part: null, chapter: null, section: null };
      else if (h.label.endsWith('章')) state = { ...state, chapter: h, section: null };
      else if (h.label.endsWith('节')) state = { ...state, section: h };
      else throw new Error(`unexpected heading: ${line}`);
      continue;
    }
    const m = ARTICLE.exec(line);
    if (m && chineseToNumber(m[1]) === articles.length + 1) {
      current = {
        number: articles.length + 1,
        label: `第${m[1]}条`,
        book: state.book ? state.book.title : null,
        bookLabel: state.book ? state.book.label : null,
        part: state.part ? `${state.part.label} ${state.part.title}` : null,
        chapter: state.chapter ? `${state.chapter.label} ${state.chapter.title}` : null,
        section: state.section ? `${state.section.label} ${state.section.title}` : null,
        paragraphs: [m[2]],
      };
      articles.push(current);
      continue;
    }
    if (inPreamble) {
      preamble.push(line);
      continue;
    }
    if (line.startsWith('（') && line.endsWith('）') && articles.length === 0) continue; // adoption note under the title
    if (!current) throw new Error(`text outside any article: ${line.slice(0, 40)}`);
    current.paragraphs.push(line);
  }
  if (articles.length !== expectCount) throw new Error(`expected ${expectCount} articles, found ${articles.length}`);
  return {
    articles: articles.map(({ paragraphs, ...a }) => ({ ...a, text: paragraphs.join('\n') })),
    preamble,
  };
}

function read(name) {
  return readFileSync(join(sourceDir, name), 'utf8');
}

function sourceNote(markdown) {
  const m = /<!--\s*([\s\S]*?)\s*-->/.exec(markdown);
  return m ? m[1] : null;
}

const civilMd = read('civil-code.md');
const civil = parseLaw(civilMd, { expectCount: 1260 });
const constitutionMd = read('constitution.md');
const constitution = parseLaw(constitutionMd, { expectCount: 143 });

mkdirSync(outDir, { recursive: true });
writeFileSync(
  join(outDir, 'civil-code.json'),
  JSON.stringify({ title: '中华人民共和国民法典', effective: '2021-01-01', source: sourceNote(civilMd), articles: civil.articles }, null, 0) + '\n',
);
writeFileSync(
  join(outDir, 'constitution.json'),
  JSON.stringify(
    {
      title: '中华人民共和国宪法',
      source: sourceNote(constitutionMd),
      preamble: constitution.preamble,
      articles: constitution.articles.map(({ book, bookLabel, part, ...a }) => ({ ...a, chapter: a.chapter ?? (book ? `${bookLabel} ${book}`.trim() : null) })),
    },
    null,
    0,
  ) + '\n',
);
console.log(`civil code: ${civil.articles.length} articles; constitution: ${constitution.articles.length} articles, preamble ${constitution.preamble.length} paragraphs → ${outDir}`);
