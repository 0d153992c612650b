import pg from 'pg';
import type { Logger } from 'pino';

export interface PoolOptions {
  max?: number;
  /**
   * false: a commit returns before its WAL is flushed to disk (synchronous_commit=off), so a
   * crash of the database server can undo the last fraction of a second of commits, never
   * corrupt anything. Only for writes that are redone when undone.
   */
  durableCommits?: boolean;
}

/**
 * A connection pool that never crashes the process when PostgreSQL goes away: idle clients
 * that lose their connection emit 'error' on the pool, which is logged, and the next query
 * fails fast (the API turns that into 503).
 */
export function createPool(
  databaseUrl: string,
  log: Logger,
  { max = 10, durableCommits = true }: PoolOptions = {},
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    application_name: 'headroom-processor',
    ...(durableCommits ? {} : { options: '-c synchronous_commit=off' }),
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
