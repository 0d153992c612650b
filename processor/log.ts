import { pino, type Logger } from 'pino';

/** JSON logs on stdout; the level comes from HEADROOM_LOG_LEVEL (validated in config.ts). */
export function createLogger(name: string, level: string): Logger {
  return pino({ name, level });
}
