/**
 * The few colours a native API takes as a literal value (WeChat's navigation and tab bar, map
 * markers, dialogs, an SVG drawn into an image, rich text): CSS variables cannot reach them.
 * Everything else uses var(--qf-…) from tokens.css; test/unit/design-tokens.test.ts checks that
 * each value here is the value of the variable of the same name there.
 */
export const nativeColors = {
  '--qf-brand': '#B71C1C',
  '--qf-page': '#F6F1EC',
  '--qf-surface': '#FFFFFF',
  '--qf-surface-warm': '#FBF8F6',
  '--qf-text-muted': '#5F5F5F',
} as const;

export type NativeColor = keyof typeof nativeColors;

export const nativeColor = (name: NativeColor): string => nativeColors[name];
