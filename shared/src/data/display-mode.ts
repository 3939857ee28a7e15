/**
 * 标准版 or 长辈版 (工信部 APP 适老化): the elder version scales type and tap targets up. Chosen on
 * first launch and on 我的; kept on the device and, for a signed-in user, on the server.
 */
export const DISPLAY_MODES = ['standard', 'elder'] as const;
export type DisplayMode = (typeof DISPLAY_MODES)[number];
export const DISPLAY_MODE_LABELS: Record<DisplayMode, string> = { standard: '标准版', elder: '长辈版' };
