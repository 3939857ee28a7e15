import Taro, { useLaunch, usePageNotFound } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { enableKeyboardControls } from './services/keyboard';
import { startSession } from './services/session';
import './theme/tokens.css';
import './app.css';

export const NOT_FOUND_PAGE = '/packages/common/pages/not-found/index';

function App({ children }: PropsWithChildren) {
  // Sign in as soon as the app opens, so the first page usually finds a session ready.
  useLaunch(() => {
    startSession();
    enableKeyboardControls();
  });
  // An address that is no page (a mistyped or old link) says so, with a way home, instead of a blank page.
  usePageNotFound(() => void Taro.redirectTo({ url: NOT_FOUND_PAGE }));
  return children;
}

export default App;
