import { useSyncExternalStore } from 'react';
import { sessionStore, type SessionState } from '../services/session';

/** The current session state: re-renders when the user signs in, switches identity or edits their profile. */
export function useSession(): SessionState {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get, sessionStore.get);
}
