import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeProblem {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core inside the page, over the page now shown (Taro keeps earlier pages hidden in the DOM):
 * the serious and critical problems (contrast, names, labels).
 */
export async function seriousAxeProblems(page: Page): Promise<AxeProblem[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    // Taro keeps earlier pages in the DOM, hidden: the page shown is the last visible one.
    const pages = Array.from(document.querySelectorAll('.taro_page')).filter((p) => getComputedStyle(p).display !== 'none' && p.getBoundingClientRect().width > 0);
    const shown = pages[pages.length - 1] ?? document.body;
    const result = await axe.run(shown, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
}

export interface Sizes {
  /** The text size most of the page's characters are drawn at (rendered px). */
  body: number;
  /** Text drawn smaller than `minText`: [size, words]. */
  smallText: [number, string][];
  /** Things to tap that are smaller than `minTarget` in either direction: [width, height, words]. */
  smallTargets: [number, number, string][];
}

/**
 * Measures the page now shown as a person sees it: every visible text's rendered size (its font
 * size times any zoom on the way up) and every tappable thing's rendered box.
 */
export function measure(page: Page, minText: number, minTarget: number): Promise<Sizes> {
  return page.evaluate(
    ({ minText, minTarget }) => {
      const pages = Array.from(document.querySelectorAll('.taro_page')).filter((p) => getComputedStyle(p).display !== 'none' && p.getBoundingClientRect().width > 0);
      const root = pages[pages.length - 1] ?? document.body;
      const visible = (el: Element) => {
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0;
      };
      const chars = new Map<number, number>();
      const smallText: [number, string][] = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = (node.textContent ?? '').trim();
        const el = node.parentElement;
        if (!text || !el || !visible(el)) continue;
        const zoom = (el as Element & { currentCSSZoom?: number }).currentCSSZoom ?? 1;
        const size = Math.round(parseFloat(getComputedStyle(el).fontSize) * zoom * 10) / 10;
        chars.set(size, (chars.get(size) ?? 0) + text.length);
        if (size < minText) smallText.push([size, text.slice(0, 20)]);
      }
      const body = [...chars.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
      const smallTargets: [number, number, string][] = [];
      for (const el of Array.from(root.querySelectorAll('[role="button"],[role="link"],[role="checkbox"],[role="radio"],[role="tab"]'))) {
        if (!visible(el)) continue;
        const r = el.getBoundingClientRect();
        if (r.width < minTarget - 0.5 || r.height < minTarget - 0.5) smallTargets.push([Math.round(r.width), Math.round(r.height), (el.textContent ?? el.getAttribute('aria-label') ?? '').trim().slice(0, 20)]);
      }
      return { body, smallText, smallTargets };
    },
    { minText, minTarget },
  );
}

/**
 * A browser speech engine that records what it is asked to say (headless Chromium has no voices):
 * one Chinese voice; `window.__spoken` collects the texts, `window.__cancelled` counts stops.
 */
export const FAKE_SPEECH = `
  (() => {
    const spoken = []; let cancelled = 0;
    const voice = { lang: 'zh-CN', name: '中文', default: true, localService: true, voiceURI: 'zh' };
    class Utterance { constructor(text) { this.text = text; this.lang = ''; this.voice = null; this.rate = 1; this.onend = null; } }
    window.SpeechSynthesisUtterance = Utterance;
    const synth = {
      getVoices: () => [voice],
      speak: (u) => { spoken.push(u.text); },
      cancel: () => { cancelled++; },
      addEventListener: () => {}, removeEventListener: () => {},
    };
    Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
    Object.defineProperty(window, '__spoken', { get: () => spoken });
    Object.defineProperty(window, '__cancelled', { get: () => cancelled });
  })();
`;
