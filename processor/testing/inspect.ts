import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { documentQueueName } from '../../common/metric-names.ts';

/**
 * Looks inside a running processor's PostgreSQL and Redis (tests only): what was stored,
 * what is queued. Read-only apart from `close`.
 */
export class ProcessorInspector {
  readonly pool: pg.Pool;
  readonly redis: Redis;
  readonly queue: Queue;

  constructor(databaseUrl: string, redisUrl: string, queuePrefix: string) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    this.pool.on('error', () => undefined);
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.redis.on('error', () => undefined);
    this.queue = new Queue(documentQueueName, { connection: this.redis, prefix: queuePrefix });
  }

  async documentCount(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM documents');
    return rows[0].n;
  }

  async statusCounts(): Promise<Record<string, number>> {
    const { rows } = await this.pool.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM documents GROUP BY status',
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  async queuedJobs(): Promise<number> {
    const counts = await this.queue.getJobCounts(
      'waiting',
      'active',
      'delayed',
      'prioritized',
      'failed',
      'completed',
    );
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  /** Polls until every document is processed or failed; returns the status counts. */
  async waitForFinished(expected: number, timeoutMs = 30_000): Promise<Record<string, number>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counts = await this.statusCounts();
      const finished = (counts.processed ?? 0) + (counts.failed ?? 0);
      if (finished >= expected) return counts;
      if (Date.now() > deadline) {
        throw new Error(
          `only ${finished} of ${expected} documents finished in ${timeoutMs} ms: ${JSON.stringify(counts)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.redis.disconnect();
    await this.pool.end();
  }
}

/** A small fetch wrapper that sends the API key. */
export function apiClient(url: string, apiKey: string) {
  return async function call(
    method: string,
    path: string,
    body?: string | Buffer | object,
    headers: Record<string, string> = {},
  ): Promise<{
    status: number;
    headers: Headers;
    json: Record<string, unknown> & { code?: string; message?: string };
  }> {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body:
        body === undefined
          ? undefined
          : typeof body === 'string' || Buffer.isBuffer(body)
            ? body
            : JSON.stringify(body),
    });
    const text = await res.text();
    let json: Record<string, unknown>;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      json = { raw: text };
    }
    return { status: res.status, headers: res.headers, json };
  };
}

/** How many keys match `pattern` on the Redis at `redisUrl` (KEYS walks them all: tests only). */
export async function redisKeyCount(redisUrl: string, pattern: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    return (await redis.keys(pattern)).length;
  } finally {
    redis.disconnect();
  }
}

/** The databases on the server of `serverUrl` whose names start with `prefix`. */
export async function databaseNames(serverUrl: string, prefix: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    return rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}
