/**
 * `aria-checked` for a View that acts as a radio or checkbox: screen readers need the state, and
 * Taro's View props have no field for it (the attribute passes through as written).
 */
export const checked = (on: boolean): Record<string, unknown> => ({ 'aria-checked': on ? 'true' : 'false' });
