import pg from 'pg';
import type { Logger } from 'pino';

/**
 * A connection pool that never crashes the process when PostgreSQL goes away: idle clients
 * that lose their connection emit 'error' on the pool, which is logged, and the next query
 * fails fast (the API turns that into 503).
 */
export function createPool(databaseUrl: string, log: Logger, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    application_name: 'headroom-processor',
  });
  pool.on('error', (error) => log.warn({ err: error.message }, 'postgres connection lost'));
  return pool;
}

/** Errors that mean "PostgreSQL is not reachable right now", as opposed to a bad statement. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  if (!e) return false;
  const codes = [
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'EPIPE',
    'ENOTFOUND',
    '57P01',
    '57P02',
    '57P03',
    '08000',
    '08003',
    '08006',
    '08001',
    '08004',
    '53300',
  ];
  if (e.code && codes.includes(e.code)) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|Connection ended/i.test(
    e.message ?? '',
  );
}
