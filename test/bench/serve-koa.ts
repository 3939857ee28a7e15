import { createServer } from 'node:http';
import type Koa from 'koa';

/** Serves a bench floor's Koa app on the port given (or any), prints the port on the first line of stdout (see startPortPrinter) and closes on SIGTERM. */
export function serveAndPrintPort(app: Koa) {
  const server = createServer(app.callback());
  server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
