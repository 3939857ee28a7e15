import { createServer, type Server } from 'node:http';
import type Koa from 'koa';

/**
 * The HTTP server for the Koa app. Requests that Node itself refuses before Koa sees them (a request
 * line or headers over the size limit, a broken request) still get the one error envelope.
 */
export function createHttpServer(app: Koa): Server {
  const server = createServer(app.callback());
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || (err as { code?: string }).code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const body = JSON.stringify({
      error: { code: 'invalid_input', message: tooLarge ? '请求的地址或头部太长' : '请求格式有误' },
    });
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}
