import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { createDocumentQueue, createRedis } from '../queue/queue.ts';

/**
 * The database and queue prefix one local run (a test, the benchmark, `headroom review`)
 * makes for itself, the queue prefix of a benchmark ceiling, and the removal of those a
 * killed run left behind. A run holds a session advisory lock named after its database (a
 * ceiling: after its queue prefix) for as long as it lives; PostgreSQL drops the lock when the
 * run's connection dies, so a database or queue whose lock can be taken belongs to a dead run.
 * Reading liveness from the lock rather than from age or open connections keeps a concurrent
 * run's fresh database safe in the moment before its processes connect.
 */
const databasePrefix = 'headroom_t_';
const queuePrefixForRun = 'hr_t_';
const ceilingQueuePrefix = 'hr_bench_';
/** First half of every run lock's key ("HR"): keeps them apart from other advisory locks. */
const lockClass = 0x4852;

export const runNames = (suffix: string) => ({
  database: `${databasePrefix}${suffix}`,
  queuePrefix: `${queuePrefixForRun}${suffix}`,
});

export interface RunDatabase {
  url: string;
  /** Drops the database and lets go of its lock. */
  drop(): Promise<void>;
}

function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Takes the run lock `name` on its own connection; it is held until the release or the process ends. */
async function holdRunLock(serverUrl: string, name: string): Promise<() => Promise<void>> {
  const lock = new pg.Client({ connectionString: adminUrl(serverUrl) });
  // A restart of the server (a fault test) ends the connection; the lock goes with it.
  lock.on('error', () => undefined);
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1, hashtext($2))', [lockClass, name]);
  } catch (error) {
    await lock.end();
    throw error;
  }
  return () => lock.end().catch(() => undefined);
}

/** Creates a database on the server of `serverUrl`, locked as in use until `drop()`. */
export async function createDatabase(serverUrl: string, name: string): Promise<RunDatabase> {
  const release = await holdRunLock(serverUrl, name);
  try {
    await admin(serverUrl, `CREATE DATABASE ${quoteIdent(name)}`);
  } catch (error) {
    await release();
    throw error;
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      try {
        await admin(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      } finally {
        await release();
      }
    },
  };
}

/**
 * A fresh queue prefix for a benchmark ceiling, locked as in use (on the PostgreSQL server of
 * `serverUrl`) until `release()`: the ceiling's queue is removed by the next sweep if its run
 * is killed before it removes the queue itself.
 */
export async function ceilingQueuePrefixForRun(
  serverUrl: string,
): Promise<{ prefix: string; release: () => Promise<void> }> {
  const prefix = `${ceilingQueuePrefix}${randomBytes(4).toString('hex')}`;
  return { prefix, release: await holdRunLock(serverUrl, prefix) };
}

/** One statement on the server's admin database, on a connection of its own. */
async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl(serverUrl) });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Obliterates the queue a run made (as the benchmark's ceilings do), as its database is dropped. */
export async function deleteQueue(redisUrl: string, prefix: string): Promise<void> {
  const redis = createRedis(redisUrl, 'producer');
  redis.on('error', () => undefined);
  const queue = createDocumentQueue(redis, prefix);
  queue.on('error', () => undefined);
  try {
    await queue.obliterate({ force: true });
  } catch {
    // Redis may be down on purpose (fault tests); leftover keys only cost memory.
  } finally {
    await queue.close().catch(() => undefined);
    redis.disconnect();
  }
}

/**
 * Drops the databases of runs that died without cleaning up (kill -9, a timeout) and deletes
 * their queues and the queues of their benchmark ceilings; returns the databases dropped and
 * the ceiling queue prefixes deleted. Runs that are alive keep their lock and are left alone.
 */
export async function sweepLeftovers(serverUrl: string, redisUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: adminUrl(serverUrl) });
  await client.connect();
  const swept: string[] = [];
  const ifDead = async (name: string, remove: () => Promise<void>) => {
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked',
      [lockClass, name],
    );
    if (!rows[0].locked) return;
    try {
      await remove();
      swept.push(name);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [lockClass, name]);
    }
  };
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname`,
      [databasePrefix],
    );
    for (const { datname } of rows) {
      await ifDead(datname, async () => {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
        await deleteQueue(redisUrl, runNames(datname.slice(databasePrefix.length)).queuePrefix);
      });
    }
    const redis = createRedis(redisUrl, 'producer');
    redis.on('error', () => undefined);
    try {
      for (const prefix of await ceilingPrefixesIn(redis)) {
        await ifDead(prefix, () => deleteKeys(redis, `${prefix}:*`));
      }
    } catch {
      // Redis may be down on purpose (fault tests); leftover keys only cost memory.
    } finally {
      redis.disconnect();
    }
  } finally {
    await client.end();
  }
  return swept;
}

/** The ceiling queue prefixes that have keys in Redis. */
async function ceilingPrefixesIn(redis: Redis): Promise<Set<string>> {
  const prefixes = new Set<string>();
  for await (const keys of redis.scanStream({ match: `${ceilingQueuePrefix}*`, count: 1000 })) {
    for (const key of keys as string[]) {
      const end = key.indexOf(':');
      if (end > 0) prefixes.add(key.slice(0, end));
    }
  }
  return prefixes;
}

/**
 * Deletes every key matching `pattern`. A ceiling's queue may be left with tens of thousands of
 * jobs; its keys are all under its own prefix, so deleting them is what obliterate would do.
 */
async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  for await (const keys of redis.scanStream({ match: pattern, count: 1000 })) {
    if ((keys as string[]).length > 0) await redis.unlink(...(keys as string[]));
  }
}
