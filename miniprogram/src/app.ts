import { useLaunch } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { startSession } from './services/session';
import './app.css';

function App({ children }: PropsWithChildren) {
  // Sign in as soon as the app opens, so the first page usually finds a session ready.
  useLaunch(() => startSession());
  return children;
}

export default App;
