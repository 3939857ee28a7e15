import type { PropsWithChildren } from 'react';

/** The floor for the H5 load-time benchmark: a Taro app with one blank page, built the same way as the real one. */
export default function App({ children }: PropsWithChildren) {
  return children;
}
