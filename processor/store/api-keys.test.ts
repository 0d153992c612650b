import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { pino } from 'pino';
import { localServices } from '../../common/local-services.ts';
import { createDatabase, runNames, type RunDatabase } from '../testing/run-resources.ts';
import { ApiKeys, RevokedApiKeyError, syncApiKeys } from './api-keys.ts';
import { createPool } from './db.ts';
import { migrate } from './migrate.ts';

let database: RunDatabase | undefined;
let pool: pg.Pool;

before(async () => {
  database = await createDatabase(
    localServices.databaseUrl,
    runNames(randomBytes(5).toString('hex')).database,
  );
  pool = createPool(database.url, pino({ level: 'silent' }));
  await migrate(pool);
});
after(async () => {
  await pool?.end();
  await database?.drop();
});

const works = async (key: string) => (await new ApiKeys(pool, 0).lookup(key)) !== null;

test('rotation: the old key works while clients switch, then is revoked for good', async () => {
  const [a, b, c] = ['hr_rotation_key_a', 'hr_rotation_key_b', 'hr_rotation_key_c'];
  const first = await syncApiKeys(pool, a);
  assert.equal(first.revoked, 0);
  assert.ok(await works(a));
  assert.equal(await works(b), false, 'an unknown key');

  // Step 1: the new key with the old one as previous: both work.
  const overlap = await syncApiKeys(pool, b, a);
  assert.equal(overlap.revoked, 0);
  assert.ok((await works(a)) && (await works(b)));
  // A replica restarted with the stale configuration (a alone) must not revoke b.
  assert.deepEqual(await syncApiKeys(pool, a), { currentId: first.currentId, revoked: 0 });
  assert.ok(await works(b));

  // Step 2: the new key alone revokes the old one.
  const done = await syncApiKeys(pool, b);
  assert.equal(done.revoked, 1);
  assert.equal(await works(a), false, 'the old key is refused');
  assert.ok(await works(b));

  // The revoked key cannot come back, as current or as previous; nothing changes.
  await assert.rejects(syncApiKeys(pool, a), (e: Error) => {
    assert.ok(e instanceof RevokedApiKeyError);
    assert.match(e.message, /^HEADROOM_API_KEY was revoked at \d{4}-.*: configure a new key$/);
    return true;
  });
  await assert.rejects(syncApiKeys(pool, c, a), /HEADROOM_API_KEY_PREVIOUS was revoked at .*: unset it$/);
  assert.ok(await works(b));
});

test('a previous key the database never saw is still revoked when the new key is configured alone', async () => {
  const [old, next] = ['hr_unseen_previous_key', 'hr_unseen_current_key'];
  await syncApiKeys(pool, next, old);
  assert.ok((await works(old)) && (await works(next)));
  assert.equal((await syncApiKeys(pool, next)).revoked, 1);
  assert.equal(await works(old), false);
  assert.ok(await works(next));
});

/** The pool, counting the queries sent through it. */
function countingPool(): { pool: pg.Pool; queries: () => number } {
  let queries = 0;
  const counting = {
    query: (...args: Parameters<pg.Pool['query']>) => {
      queries++;
      return (pool.query as (...a: unknown[]) => unknown)(...args);
    },
  } as unknown as pg.Pool;
  return { pool: counting, queries: () => queries };
}

test('concurrent lookups of a key not in the cache share one query', async () => {
  const key = 'hr_burst_key';
  const { currentId } = await syncApiKeys(pool, key);
  const { pool: counting, queries } = countingPool();
  const keys = new ApiKeys(counting, 60_000);
  const ids = await Promise.all(Array.from({ length: 50 }, () => keys.lookup(key)));
  assert.deepEqual(new Set(ids), new Set([currentId]));
  assert.equal(queries(), 1, 'one query for the burst, not one per request');
  // An unknown key too: a flood of the same bad key is one query.
  const unknown = await Promise.all(Array.from({ length: 20 }, () => keys.lookup('hr_not_a_key')));
  assert.deepEqual(new Set(unknown), new Set([null]));
  assert.equal(queries(), 2);
  // ...and its cached refusal is not refreshed behind each request, as a known key's entry is.
  for (let i = 0; i < 20; i++) assert.equal(await keys.lookup('hr_not_a_key'), null);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(queries(), 2);
});

test('a key in use is looked up again before its entry expires; a revoked one still stops working', async () => {
  const key = 'hr_refresh_ahead_key';
  const { currentId } = await syncApiKeys(pool, key);
  const { pool: counting, queries } = countingPool();
  const ttlMs = 1000;
  const keys = new ApiKeys(counting, ttlMs);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  assert.equal(await keys.lookup(key), currentId);
  assert.equal(queries(), 1);
  await sleep(900); // near the end of the entry's life: answered from it, refreshed behind it
  assert.equal(await keys.lookup(key), currentId);
  await sleep(50);
  assert.equal(queries(), 2, 'refreshed in the background');
  await sleep(250); // the first entry has expired by now; the refreshed one is still fresh
  assert.equal(await keys.lookup(key), currentId);
  assert.equal(queries(), 2, 'answered from the refreshed entry');

  await syncApiKeys(pool, 'hr_refresh_ahead_successor');
  await sleep(ttlMs + 100);
  assert.equal(await keys.lookup(key), null, 'revoked: refused once the entry has expired');
});
