import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nativeColors } from '../../miniprogram/src/theme/tokens';

const SRC = join(__dirname, '../../miniprogram/src');
const THEME = join(SRC, 'theme');
const COLOUR = /#[0-9a-f]{6}\b|#[0-9a-f]{3}\b|rgba?\(/gi;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(css|tsx?)$/.test(name) ? [path] : [];
  });
}

const tokensCss = readFileSync(join(THEME, 'tokens.css'), 'utf8');
const defined = new Map([...tokensCss.matchAll(/(--qf-[a-z0-9-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));

describe('design tokens', () => {
  it('keeps every colour value in the theme folder', () => {
    const outside = files(SRC)
      .filter((f) => !f.startsWith(THEME))
      .flatMap((f) => (readFileSync(f, 'utf8').match(COLOUR) ?? []).map((c) => `${relative(SRC, f)}: ${c}`));
    expect(outside).toEqual([]);
  });

  it('uses only variables that tokens.css defines', () => {
    const unknown = files(SRC).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/var\((--qf-[a-z0-9-]+)\)/g)].map((m) => m[1]!).filter((name) => !defined.has(name)).map((name) => `${relative(SRC, f)}: ${name}`));
    expect(unknown).toEqual([]);
    expect(defined.size).toBeGreaterThan(20);
  });

  it('gives native APIs the same colours as the CSS variables of the same name', () => {
    for (const [name, value] of Object.entries(nativeColors)) expect(defined.get(name)?.toUpperCase(), name).toBe(value.toUpperCase());
  });

  it('gives WeChat\'s custom tab bar (drawn outside the page) the same values as the page', () => {
    const tabBar = readFileSync(join(THEME, 'tab-bar.css'), 'utf8');
    const own = [...tabBar.matchAll(/(--qf-[a-z0-9-]+):\s*([^;]+);/g)];
    const used = new Set([...readFileSync(join(SRC, 'custom-tab-bar/index.css'), 'utf8').matchAll(/var\((--qf-[a-z0-9-]+)\)/g)].map((m) => m[1]!));
    expect(new Set(own.map((m) => m[1]!))).toEqual(used);
    for (const [, name, value] of own) expect(value!.trim().toUpperCase(), name).toBe(defined.get(name!)?.toUpperCase());
  });
});
