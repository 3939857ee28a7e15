import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  CIVIL_CODE_ARTICLE_COUNT,
  CONSTITUTION_ARTICLE_COUNT,
  CivilCodeArticle,
  ConstitutionArticle,
  parseArticleNumber,
  type CivilCodeBookEntry,
  type CivilCodeChapter,
  type CivilCodeDivision,
  type CivilCodeSearchQuery,
  type CivilCodeSearchResult,
  type CivilCodeToc,
} from '@qf/shared';
import { BadRequestError, NotFoundError } from '../../http/errors';

/**
 * The 民法典 and the 宪法 as static data, parsed once from the JSON that
 * scripts/build-law-data.mjs produced. Everything is answered from memory: the statute never
 * changes while the server runs.
 */
const CivilCodeFile = z.object({ title: z.string(), articles: z.array(CivilCodeArticle).length(CIVIL_CODE_ARTICLE_COUNT) });
const ConstitutionFile = z.object({
  title: z.string(),
  preamble: z.array(z.string()),
  articles: z.array(ConstitutionArticle).length(CONSTITUTION_ARTICLE_COUNT),
});

function loadJson<T>(schema: z.ZodType<T>, name: string): T {
  return schema.parse(JSON.parse(readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8')));
}

const SNIPPET_BEFORE = 20;
const SNIPPET_LENGTH = 80;

/** Full-width digits and letters typed on phones become ASCII; Chinese punctuation stays. */
function normalizeQuery(text: string) {
  return text.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

function snippetFor(text: string, term: string) {
  const flat = text.replace(/\n/g, ' ');
  const at = Math.max(0, flat.indexOf(term));
  const start = Math.max(0, at - SNIPPET_BEFORE);
  const piece = flat.slice(start, start + SNIPPET_LENGTH);
  return `${start > 0 ? '…' : ''}${piece}${start + SNIPPET_LENGTH < flat.length ? '…' : ''}`;
}

export function createCivilCodeService() {
  const code = loadJson(CivilCodeFile, 'civil-code.json');
  const constitution = loadJson(ConstitutionFile, 'constitution.json');
  const articles = code.articles;
  articles.forEach((a, i) => {
    if (a.number !== i + 1) throw new Error(`civil-code.json: article ${i + 1} is out of order`);
  });

  const toc: CivilCodeToc = { title: code.title, articleCount: articles.length, books: [] };
  for (const a of articles) {
    let book = toc.books.at(-1);
    if (!book || book.book !== a.book) {
      book = { book: a.book, title: `${a.bookLabel} ${a.book}`.trim(), from: a.number, to: a.number, chapters: [] };
      toc.books.push(book);
    }
    book.to = a.number;
    const chapterTitle = a.chapter ?? a.book;
    let chapter = book.chapters.at(-1);
    if (!chapter || chapter.title !== chapterTitle) {
      chapter = { index: book.chapters.length + 1, title: chapterTitle, part: a.part, from: a.number, to: a.number, sections: [] };
      book.chapters.push(chapter);
    }
    chapter.to = a.number;
    if (a.section) {
      let section = chapter.sections.at(-1);
      if (!section || section.title !== a.section) {
        section = { title: a.section, from: a.number, to: a.number };
        chapter.sections.push(section);
      }
      section.to = a.number;
    }
  }
  const chapterList = toc.books.flatMap((b) => b.chapters.map((c) => ({ book: b.book, index: c.index, title: c.title })));

  function articleOrNull(n: number) {
    return Number.isInteger(n) && n >= 1 && n <= articles.length ? articles[n - 1]! : null;
  }

  /** The number in a URL or box: 1043, 第1043条, 第一千零四十三条. */
  function parseNumberOrThrow(raw: string, max: number, lawName: string) {
    const n = parseArticleNumber(raw);
    if (n === null) {
      throw new BadRequestError('输入有误：这不是条文编号，请输入如 1043、第1043条 或 第一千零四十三条', [
        { field: 'params.number', message: '不是条文编号' },
      ]);
    }
    if (n > max) throw new NotFoundError(`${lawName}只有 ${max} 条，没有第 ${n} 条`);
    return n;
  }

  return {
    title: code.title,
    articleCount: articles.length,

    /** For server-side callers (question checks, practice feedback): the article or null. */
    article: articleOrNull,

    /** The texts of the given articles, skipping numbers that do not exist. */
    articles(numbers: readonly number[]) {
      return numbers.map(articleOrNull).filter((a): a is CivilCodeArticle => a !== null);
    },

    getArticle(raw: string) {
      return articles[parseNumberOrThrow(raw, articles.length, '民法典') - 1]!;
    },

    bookOf(n: number): CivilCodeDivision | null {
      return articleOrNull(n)?.book ?? null;
    },

    toc(): CivilCodeToc {
      return toc;
    },

    chapter(book: CivilCodeDivision, index: number): CivilCodeChapter {
      const entry: CivilCodeBookEntry | undefined = toc.books.find((b) => b.book === book);
      const chapter = entry?.chapters[index - 1];
      if (!entry || !chapter) throw new NotFoundError(`${book}编没有第 ${index} 章`);
      const at = chapterList.findIndex((c) => c.book === book && c.index === index);
      return {
        book,
        bookTitle: entry.title,
        chapter,
        articles: articles.slice(chapter.from - 1, chapter.to),
        previous: chapterList[at - 1] ?? null,
        next: chapterList[at + 1] ?? null,
      };
    },

    search(query: CivilCodeSearchQuery): CivilCodeSearchResult {
      const q = normalizeQuery(query.q);
      // "1043", "第一千零四十三条", or a number inside other words: "民法典第1043条".
      const embedded = /第\s*([0-9零〇一二三四五六七八九十百千两]+)\s*条/.exec(q);
      const asNumber = parseArticleNumber(q) ?? (embedded ? parseArticleNumber(embedded[1]!) : null);
      const article = asNumber !== null ? articleOrNull(asNumber) : null;
      const terms = [...new Set(q.split(/\s+/).filter(Boolean))].slice(0, 5);
      const pool = query.book ? articles.filter((a) => a.book === query.book) : articles;
      const matches = article ? [] : pool.filter((a) => terms.every((t) => a.text.includes(t)));
      return {
        items: matches.slice(query.offset, query.offset + query.limit).map((a) => ({ ...a, snippet: snippetFor(a.text, terms[0]!) })),
        total: matches.length,
        limit: query.limit,
        offset: query.offset,
        article,
        terms,
      };
    },

    constitution: {
      title: constitution.title,
      preamble: constitution.preamble,
      getArticle(raw: string) {
        return constitution.articles[parseNumberOrThrow(raw, constitution.articles.length, '宪法') - 1]!;
      },
      toc() {
        const chapters: { title: string; from: number; to: number; sections: { title: string; from: number; to: number }[] }[] = [];
        for (const a of constitution.articles) {
          let chapter = chapters.at(-1);
          if (!chapter || chapter.title !== a.chapter) {
            chapter = { title: a.chapter ?? '', from: a.number, to: a.number, sections: [] };
            chapters.push(chapter);
          }
          chapter.to = a.number;
          if (a.section) {
            let section = chapter.sections.at(-1);
            if (!section || section.title !== a.section) {
              section = { title: a.section, from: a.number, to: a.number };
              chapter.sections.push(section);
            }
            section.to = a.number;
          }
        }
        return { title: constitution.title, articleCount: constitution.articles.length, preamble: constitution.preamble, chapters };
      },
    },
  };
}

export type CivilCodeService = ReturnType<typeof createCivilCodeService>;
