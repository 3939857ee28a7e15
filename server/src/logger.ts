import pino from 'pino';

export type Logger = pino.Logger;

/** JSON logs, one line an event, to stdout. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'qingfeng-pufa' }, timestamp: pino.stdTimeFunctions.isoTime });
}
