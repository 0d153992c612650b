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
