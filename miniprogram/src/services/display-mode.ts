import Taro from '@tarojs/taro';
import { useSyncExternalStore } from 'react';
import type { DisplayMode } from '@qf/shared';
import { updateMe } from './me';
import { sessionStore, updateSessionUser } from './session';
import { createStore } from './store';

/**
 * 标准版 / 长辈版. The choice lives on the device (so the first page already shows it) and, once
 * someone is signed in, on the server (so it follows them to a new phone). 长辈版 is one design
 * token, the page scale, plus a minimum tap-target size (app.css `.qf-elder`): every page grows
 * together instead of being resized by hand.
 */
const KEY = 'qf.displayMode';
/** 17 px body text becomes 23 px and a 44 px button 60 px: the 适老化 minimums at a 375 px screen. */
export const ELDER_SCALE = 1.375;

function readSaved(): DisplayMode | null {
  try {
    const v = Taro.getStorageSync<string>(KEY);
    return v === 'elder' || v === 'standard' ? v : null;
  } catch {
    return null;
  }
}

export const displayModeStore = createStore<DisplayMode | null>(readSaved());

/** On H5 the tab bar sits outside the pages: it follows a class on the document. */
function markDocument(mode: DisplayMode | null) {
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') document.documentElement.classList.toggle('qf-elder', mode === 'elder');
}
markDocument(displayModeStore.get());

// Whenever the signed-in user changes: a new device takes the choice made elsewhere; a choice made
// here before sign-in finished (the first launch asks at once) is saved to the server now.
let saving = false;
/** Puts this device's choice on the server when they differ (one request at a time; the answer updates the session, which checks again). */
function saveToServer() {
  const user = sessionStore.get().user;
  const here = displayModeStore.get();
  if (!user || !here || user.displayMode === here || saving) return;
  saving = true;
  updateMe({ displayMode: here })
    .then(updateSessionUser, () => undefined)
    .finally(() => (saving = false));
}
function followSession() {
  const user = sessionStore.get().user;
  if (user && !displayModeStore.get() && user.displayMode) remember(user.displayMode);
  else saveToServer();
}
sessionStore.subscribe(followSession);
// Pages load after the app starts: sign-in may already have finished when this module is first read.
followSession();

function remember(mode: DisplayMode) {
  Taro.setStorageSync(KEY, mode);
  displayModeStore.set(mode);
  markDocument(mode);
}

export function setDisplayMode(mode: DisplayMode) {
  remember(mode);
  saveToServer();
}

export function useDisplayMode(): DisplayMode | null {
  return useSyncExternalStore(displayModeStore.subscribe, displayModeStore.get, displayModeStore.get);
}

/**
 * How much larger than designed a page is drawn: 长辈版's scale; otherwise, in WeChat, the user's own
 * font setting (微信 → 设置 → 字体大小), so someone who set WeChat large sees larger text here too.
 */
export function pageScale(mode: DisplayMode | null): number {
  if (mode === 'elder') return ELDER_SCALE;
  if (process.env.TARO_ENV !== 'weapp') return 1;
  try {
    const factor = (Taro.getSystemInfoSync() as { fontSizeScaleFactor?: number }).fontSizeScaleFactor ?? 1;
    return Math.min(ELDER_SCALE, Math.max(1, factor));
  } catch {
    return 1;
  }
}
