/**
 * `aria-checked` for a View that acts as a radio or checkbox: screen readers need the state, and
 * Taro's View props have no field for it (the attribute passes through as written).
 */
export const checked = (on: boolean): Record<string, unknown> => ({ 'aria-checked': on ? 'true' : 'false' });

/**
 * A name for an input, a textarea or an image that has no visible label of its own tied to it:
 * `aria-label` in WeChat, and on H5 on the inner <input>/<textarea>/<img> that Taro draws
 * (`nativeProps`), where screen readers and axe look for it.
 */
export const named = (label: string): Record<string, unknown> => ({ ariaLabel: label, nativeProps: { 'aria-label': label } });

/** An image's text alternative (the same two places as `named`). */
export const alt = (text: string): Record<string, unknown> => ({ ariaLabel: text, nativeProps: { alt: text } });
