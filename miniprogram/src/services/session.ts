import Taro from '@tarojs/taro';
import type { Me, Session } from '@qf/shared';
import { loginWithWechat, loginForDevelopment } from './auth';
import { ApiError, setSessionProvider } from './http';
import { getMe } from './me';
import { createStore } from './store';

/**
 * The signed-in user and their token.
 *
 * On weapp the identity is WeChat's: `Taro.login` gives a code that POST /auth/wechat trades for our
 * session. On H5 there is no WeChat, so the app uses the development login with a random name that
 * is kept in storage (the same browser stays the same user); staff can switch to another name on 我的.
 * The token is kept in storage too, and is replaced when it is about to expire or the server refuses it.
 */

/** `closed`: the person closed his account (注销); nobody signs in until he asks to start afresh. */
export type SessionStatus = 'signing-in' | 'signed-in' | 'failed' | 'closed';

export interface SessionState {
  status: SessionStatus;
  user: Me | null;
  error: ApiError | null;
}

const SESSION_KEY = 'qf.session';
const DEV_NAME_KEY = 'qf.devName';
/** Renew a little before the server's expiry so a request never leaves with a dying token. */
const EXPIRY_MARGIN_MS = 60_000;

export const isDevLoginPlatform = process.env.TARO_ENV === 'h5';

let saved: Session | null = readSavedSession();
let pending: Promise<Session> | null = null;

export const sessionStore = createStore<SessionState>({
  status: saved ? 'signed-in' : 'signing-in',
  user: saved?.user ?? null,
  error: null,
});

function readSavedSession(): Session | null {
  try {
    const value = Taro.getStorageSync<Session | ''>(SESSION_KEY);
    return value && typeof value === 'object' && typeof value.token === 'string' ? value : null;
  } catch {
    return null;
  }
}

function isFresh(session: Session | null): session is Session {
  return !!session && Date.parse(session.expiresAt) - Date.now() > EXPIRY_MARGIN_MS;
}

function remember(session: Session) {
  saved = session;
  Taro.setStorageSync(SESSION_KEY, session);
  sessionStore.set({ status: 'signed-in', user: session.user, error: null });
}

function forget() {
  saved = null;
  Taro.removeStorageSync(SESSION_KEY);
}

/** The name this browser signs in under with the development login; made once and kept. */
export function devLoginName(): string {
  const stored = Taro.getStorageSync<string>(DEV_NAME_KEY);
  if (typeof stored === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(stored)) return stored;
  const name = `h5-${Math.random().toString(36).slice(2, 10)}`;
  Taro.setStorageSync(DEV_NAME_KEY, name);
  return name;
}

async function obtainSession(): Promise<Session> {
  if (isDevLoginPlatform) {
    const name = devLoginName();
    return loginForDevelopment({ name, displayName: `测试用户${name.slice(-4)}` });
  }
  const { code } = await Taro.login();
  if (!code) throw new ApiError('upstream_error', '微信登录失败，请稍后重试', 0);
  return loginWithWechat(code);
}

/** Signs in (one attempt at a time: concurrent callers share it). */
export function signIn(): Promise<Session> {
  pending ??= (async () => {
    sessionStore.set((s) => ({ ...s, status: 'signing-in', error: null }));
    try {
      const session = await obtainSession();
      remember(session);
      return session;
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError('network_error', '登录失败，请稍后重试', 0);
      sessionStore.set({ status: 'failed', user: null, error });
      throw error;
    } finally {
      pending = null;
    }
  })();
  return pending;
}

/**
 * Signs in at start-up unless a saved session is still good, in which case the user is re-read so
 * roles granted since the last visit show up. Never throws: sign-in failures land in the store for
 * PageContainer to show, and a failed refresh leaves the saved user in place.
 */
export function startSession() {
  if (isFresh(saved)) {
    getMe().then(updateSessionUser, () => undefined);
    return;
  }
  signIn().catch(() => undefined);
}

/** After PATCH /me and similar: keep the stored user in step with the server. */
export function updateSessionUser(user: Me) {
  if (!saved) return;
  remember({ ...saved, user });
}

/**
 * After 注销: the saved session is dropped and nobody is signed in; nothing signs in again until
 * the person asks to start afresh (`signIn`), which makes him a new user.
 */
export function endSession() {
  forget();
  sessionStore.set({ status: 'closed', user: null, error: null });
}

/** H5 only: sign in under another development name (staff testing other roles or townships). */
export async function switchDevIdentity(name: string, displayName?: string): Promise<Session> {
  if (!isDevLoginPlatform) throw new Error('switchDevIdentity is only available on H5');
  const session = await loginForDevelopment({ name, ...(displayName ? { displayName } : {}) });
  Taro.setStorageSync(DEV_NAME_KEY, name);
  remember(session);
  return session;
}

setSessionProvider({
  async token() {
    if (isFresh(saved)) return saved.token;
    return (await signIn()).token;
  },
  async renew(refusedToken) {
    // Several requests can fail with the same old token at once: only the first signs in again.
    if (saved && saved.token !== refusedToken && isFresh(saved)) return saved.token;
    if (saved?.token === refusedToken) forget();
    return (await signIn()).token;
  },
});
