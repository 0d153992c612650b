import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { pino } from 'pino';
import { localServices } from '../../common/local-services.ts';
import { createDatabase, runNames, type RunDatabase } from '../testing/run-resources.ts';
import { syncApiKeys } from './api-keys.ts';
import { createPool } from './db.ts';
import { pruneDocuments, pruneIdempotencyKeys, Retention } from './retention.ts';
import { IngestStore, type NewDocument } from './ingest-store.ts';
import { migrate } from './migrate.ts';

let database: RunDatabase | undefined;
let pool: pg.Pool;
let apiKeyId: number;

before(async () => {
  database = await createDatabase(
    localServices.databaseUrl,
    runNames(randomBytes(5).toString('hex')).database,
  );
  pool = createPool(database.url, pino({ level: 'silent' }));
  // Concurrent migrations serialise on the advisory lock: each file applied once.
  const applied = await Promise.all([migrate(pool), migrate(pool), migrate(pool)]);
  assert.deepEqual(applied.flat().sort(), [
    '001_documents.sql',
    '002_relay_cursor.sql',
    '003_lz4_compression.sql',
    '004_idempotency_key_age.sql',
    '005_api_key_revocation.sql',
  ]);
  ({ currentId: apiKeyId } = await syncApiKeys(pool, 'hr_test_store_key_123'));
  const again = await syncApiKeys(pool, 'hr_test_store_key_123');
  assert.deepEqual(again, { currentId: apiKeyId, revoked: 0 }, 'syncing a key is idempotent');
});
after(async () => {
  await pool?.end();
  await database?.drop();
});

test('document content and results are compressed with lz4 (this server has it)', async () => {
  const { rows } = await pool.query<{ attname: string; attcompression: string }>(
    `SELECT attname, attcompression FROM pg_attribute
      WHERE attrelid = 'documents'::regclass AND attname IN ('content', 'result') ORDER BY attname`,
  );
  assert.deepEqual(
    rows.map((r) => `${r.attname}:${r.attcompression}`),
    ['content:l', 'result:l'],
  );
});

function doc(content: string, key?: string): NewDocument {
  return {
    id: randomUUID(),
    content,
    contentType: 'text/plain',
    title: null,
    source: null,
    metadata: null,
    sha256: createHash('sha256').update(content).digest('hex'),
    ...(key ? { idempotency: { apiKeyId, key } } : {}),
  };
}

test('group commit: concurrent inserts share a few statements, answers stay per document', async () => {
  let batches = 0;
  const counted = Object.create(pool) as pg.Pool;
  counted.connect = (() => {
    batches++;
    return pool.connect();
  }) as pg.Pool['connect'];
  const store = new IngestStore(counted, 5);
  const tag = randomUUID();
  const docs = Array.from({ length: 100 }, (_, i) => doc(`document ${i % 80} ${tag}`));
  const answers = await Promise.all(docs.map((d) => store.insert(d)));
  assert.ok(batches <= 10, `100 concurrent inserts took ${batches} batches`);
  const queued = answers.filter((a) => a.body.status === 'queued');
  assert.equal(queued.length, 80, 'one new document per distinct content');
  for (let i = 80; i < 100; i++) {
    assert.deepEqual(answers[i].body, { id: answers[i - 80].body.id, status: 'duplicate' });
    assert.equal(answers[i].statusCode, 200);
  }
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM documents WHERE content LIKE $1', [
    `%${tag}`,
  ]);
  assert.equal(rows[0].n, 80);
});

test('idempotency keys: replays inside one batch and across batches get the first answer', async () => {
  const store = new IngestStore(pool, 5);
  const key = `k-${randomUUID()}`;
  const [a, b] = await Promise.all([
    store.insert(doc(`first ${key}`, key)),
    store.insert(doc(`second ${key}`, key)),
  ]);
  assert.equal(a.statusCode, 202);
  assert.deepEqual(b.body, a.body);
  const c = await store.insert(doc(`third ${key}`, key));
  assert.deepEqual([c.statusCode, c.body], [a.statusCode, a.body]);
  assert.equal(c.inserted, false);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM documents WHERE content LIKE $1', [
    `%${key}`,
  ]);
  assert.equal(rows[0].n, 1, 'only the first body was stored');
});

test('a reserved key (the batch route) has one holder; released or abandoned, it is taken again; answered, it replays', async () => {
  const store = new IngestStore(pool, 5);
  const key = `batch:${randomUUID()}`;
  const [one, two] = await Promise.all([
    store.reserveIdempotent(apiKeyId, key),
    store.reserveIdempotent(apiKeyId, key),
  ]);
  assert.deepEqual([one.kind, two.kind].sort(), ['in-progress', 'reserved']);
  await store.releaseIdempotent(apiKeyId, key);
  assert.deepEqual(await store.reserveIdempotent(apiKeyId, key), { kind: 'reserved' });
  assert.deepEqual(await store.reserveIdempotent(apiKeyId, key, 60), { kind: 'in-progress' });
  // The request holding it died: after the limit the reservation is taken over.
  await pool.query(`UPDATE idempotency_keys SET created_at = now() - interval '61 seconds' WHERE key = $1`, [
    key,
  ]);
  assert.deepEqual(await store.reserveIdempotent(apiKeyId, key, 60), { kind: 'reserved' });
  await store.rememberIdempotent(apiKeyId, key, 202, { results: [] });
  await store.releaseIdempotent(apiKeyId, key);
  assert.deepEqual(await store.reserveIdempotent(apiKeyId, key), {
    kind: 'replay',
    statusCode: 202,
    body: { results: [] },
  });
});

test('a reservation its process could not free or answer (database down) is taken over by its own retry at once, never from another holder', async () => {
  // The fault: the database fails the one statement that ends the reservation.
  let down = false;
  const flaky = Object.create(pool) as pg.Pool;
  flaky.query = ((...args: Parameters<pg.Pool['query']>) =>
    down ? Promise.reject(new Error('connect ECONNREFUSED')) : pool.query(...args)) as pg.Pool['query'];
  const store = new IngestStore(flaky, 5);
  const otherReplica = new IngestStore(pool, 5);
  const key = `batch/${randomUUID()}`;
  const failWhileDown = async (settle: () => Promise<void>) => {
    down = true;
    await assert.rejects(settle(), /ECONNREFUSED/);
    down = false;
  };

  assert.deepEqual(await store.reserveIdempotent(apiKeyId, key), { kind: 'reserved' });
  await failWhileDown(() => store.releaseIdempotent(apiKeyId, key));
  assert.deepEqual(await otherReplica.reserveIdempotent(apiKeyId, key), { kind: 'in-progress' });
  assert.deepEqual(await store.reserveIdempotent(apiKeyId, key), { kind: 'reserved' }, 'the retry');
  assert.deepEqual(await store.reserveIdempotent(apiKeyId, key), { kind: 'in-progress' }, 'held again');

  await failWhileDown(() => store.rememberIdempotent(apiKeyId, key, 202, { results: [] }));
  assert.deepEqual(await store.reserveIdempotent(apiKeyId, key), { kind: 'reserved' });

  // Past the limit another replica takes the unsettled key over; this process's retry then
  // finds it in progress rather than taking it back.
  await failWhileDown(() => store.releaseIdempotent(apiKeyId, key));
  await pool.query(`UPDATE idempotency_keys SET created_at = now() - interval '61 seconds' WHERE key = $1`, [
    key,
  ]);
  assert.deepEqual(await otherReplica.reserveIdempotent(apiKeyId, key, 60), { kind: 'reserved' });
  assert.deepEqual(await store.reserveIdempotent(apiKeyId, key, 60), { kind: 'in-progress' });
});

test('expired idempotency keys are pruned, in batches, and the key answers anew', async () => {
  const store = new IngestStore(pool, 5);
  const key = `k-${randomUUID()}`;
  const first = await store.insert(doc(`before ${key}`, key));
  // 5,001 answers from two days ago (more than one DELETE batch) and one from an hour ago.
  await pool.query(
    `INSERT INTO idempotency_keys (api_key_id, key, status_code, body, created_at)
       SELECT $1, 'old-' || i, 202, '{}', now() - interval '2 days' FROM generate_series(1, 5001) AS i`,
    [apiKeyId],
  );
  await pool.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`, [
    key,
  ]);
  await pool.query(
    `INSERT INTO idempotency_keys (api_key_id, key, status_code, body, created_at)
       VALUES ($1, 'recent', 202, '{}', now() - interval '1 hour')`,
    [apiKeyId],
  );
  assert.equal(await pruneIdempotencyKeys(pool, 24), 5002);
  const { rows } = await pool.query<{ key: string }>(
    `SELECT key FROM idempotency_keys WHERE key LIKE 'old-%' OR key IN ('recent', $1)`,
    [key],
  );
  assert.deepEqual(
    rows.map((r) => r.key),
    ['recent'],
  );
  assert.equal(await pruneIdempotencyKeys(pool, 24), 0);
  const again = await store.insert(doc(`after ${key}`, key));
  assert.equal(again.inserted, true, 'a pruned key is free again');
  assert.notEqual(again.body.id, first.body.id);
});

test('documents finished longer ago than the retention are pruned; unfinished and recent ones stay', async () => {
  const store = new IngestStore(pool, 5);
  const tag = randomUUID();
  const rows: Array<[status: string, finishedDaysAgo: number | null, kept: boolean]> = [
    ['processed', 40, false],
    ['failed', 40, false],
    ['processed', 10, true],
    ['queued', null, true],
    ['processing', null, true],
  ];
  const ids: string[] = [];
  for (const [i, [status, daysAgo]] of rows.entries()) {
    const { body } = await store.insert(doc(`retention ${tag} ${i}`));
    ids.push(body.id);
    await pool.query(
      `UPDATE documents SET status = $2, accepted_at = now() - interval '60 days',
              processed_at = CASE WHEN $3::int IS NULL THEN NULL ELSE now() - make_interval(days => $3::int) END
        WHERE id = $1`,
      [body.id, status, daysAgo],
    );
  }
  assert.equal(await pruneDocuments(pool, 30), 2);
  const { rows: left } = await pool.query<{ id: string }>('SELECT id FROM documents WHERE id = ANY($1)', [
    ids,
  ]);
  const kept = new Set(left.map((r) => r.id));
  assert.deepEqual(
    ids.map((id) => kept.has(id)),
    rows.map(([, , k]) => k),
  );
  // The same content can be submitted again: it is a new document, not a duplicate of a pruned one.
  const again = await store.insert(doc(`retention ${tag} 0`));
  assert.equal(again.inserted, true);
});

test('a prune that outlasts its interval is not joined by a second one, and stop() waits for it', async () => {
  // Another transaction holds the table, so the first prune waits on its lock far longer than
  // the 5 ms interval.
  const blocker = await pool.connect();
  const watcher = new pg.Client({ connectionString: database!.url });
  await watcher.connect();
  try {
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE idempotency_keys IN ACCESS EXCLUSIVE MODE');
    const retention = new Retention(
      pool,
      { idempotencyHours: 24, documentDays: 0 },
      pino({ level: 'silent' }),
      5,
    );
    retention.start();
    await sleep(300);
    const { rows } = await watcher.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND query LIKE 'DELETE FROM idempotency_keys%'`,
    );
    assert.equal(rows[0].n, 1, 'prunes running at once');
    let stopped = false;
    const stopping = retention.stop().then(() => (stopped = true));
    await sleep(50);
    assert.equal(stopped, false, 'stop() returned while its prune was still waiting');
    await blocker.query('ROLLBACK');
    await stopping;
  } finally {
    await blocker.query('ROLLBACK').catch(() => undefined);
    blocker.release();
    await watcher.end();
  }
});
