import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import pg from 'pg';
import { repoRoot } from '../common/paths.ts';
import { startProcessor, type LocalProcessor } from './testing/local-processor.ts';

// A processor already running holds the ports the second serve and work are given.
let p: LocalProcessor;
before(async () => {
  p = await startProcessor({ workers: 1 });
});
after(() => p?.stop());

const portOf = (url: string) => new URL(url).port;

/** The environment of a second `serve` or `work` on `p`'s database and queue, on any free ports. */
const envFor = (overrides: Record<string, string> = {}) => ({
  ...process.env,
  HEADROOM_DATABASE_URL: p.databaseUrl,
  HEADROOM_REDIS_URL: p.redisUrl,
  HEADROOM_QUEUE_PREFIX: p.queuePrefix,
  HEADROOM_API_KEY: p.apiKey,
  HEADROOM_PORT: '0',
  HEADROOM_WORKER_METRICS_PORT: '0',
  ...overrides,
});

const withoutPassword = (url: string) => {
  const u = new URL(url);
  u.password = '';
  return u.toString();
};

test('serve and work that cannot start say why in one line and exit 1, instead of hanging', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    // These two stayed alive after the line, held by Redis and PostgreSQL connections.
    ['serve', { HEADROOM_PORT: portOf(p.url) }, /EADDRINUSE/],
    ['work', { HEADROOM_WORKER_METRICS_PORT: portOf(p.workerMetricsUrls[0]) }, /EADDRINUSE/],
    ['serve', { HEADROOM_DATABASE_URL: 'postgres://headroom@127.0.0.1:1/headroom' }, /ECONNREFUSED/],
    // A server that asks for a password the URL lacks left the connection waiting out
    // PostgreSQL's 60 s authentication_timeout, and node-postgres says "client password must be a string".
    [
      'serve',
      { HEADROOM_DATABASE_URL: withoutPassword(p.databaseUrl), PGPASSWORD: '' },
      /HEADROOM_DATABASE_URL gives none/,
    ],
    [
      'work',
      { HEADROOM_DATABASE_URL: withoutPassword(p.databaseUrl), PGPASSWORD: '' },
      /HEADROOM_DATABASE_URL gives none/,
    ],
  ];
  for (const [command, overrides, why] of cases) {
    const run = spawnSync(path.join(repoRoot, 'bin', 'headroom'), [command], {
      encoding: 'utf8',
      env: envFor(overrides),
      timeout: 20_000,
    });
    const what = `${command} ${JSON.stringify(overrides)}`;
    assert.equal(run.signal, null, `${what}: still running after 20 s`);
    assert.equal(run.status, 1, `${what}: ${run.stderr}`);
    assert.match(run.stderr, /^headroom: cannot start \(PostgreSQL .+, Redis .+\): .+$/m, what);
    assert.match(run.stderr, why, what);
  }
});

/** `headroom serve` on an ephemeral port against `p`'s database and queue, with `env` on top. */
async function serve(env: Record<string, string>) {
  const child = spawn(path.join(repoRoot, 'bin', 'headroom'), ['serve'], {
    env: envFor({ HEADROOM_RELAY: 'false', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let logs = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (stderr += chunk));
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => (logs += chunk));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  const deadline = Date.now() + 20_000;
  while (!/listening on \S+/.test(stderr) && child.exitCode === null && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  const url = /listening on (\S+)/.exec(stderr)?.[1];
  if (!url) await stop();
  assert.ok(url, stderr);
  return { url, stop, logs: () => logs };
}

const post = (url: string, apiKey: string, content: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/plain', ...headers },
    body: content,
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: string; code?: string } }));

test('serve prunes expired Idempotency-Keys and old finished documents when it starts', async () => {
  const pool = new pg.Pool({ connectionString: p.databaseUrl, max: 1 });
  const keyed = { 'idempotency-key': 'retention-test' };
  const count = async (sql: string, params: unknown[]) =>
    (await pool.query<{ n: number }>(sql, params)).rows[0].n;
  try {
    const first = await post(p.url, p.apiKey, `first ${Date.now()}`, keyed);
    assert.equal(first.status, 202);
    await pool.query(
      "UPDATE idempotency_keys SET created_at = now() - interval '3 hours' WHERE key = 'retention-test'",
    );
    // Finished three days ago, as far as the retention can tell.
    await pool.query(
      "UPDATE documents SET status = 'processed', processed_at = now() - interval '3 days' WHERE id = $1",
      [first.body.id],
    );
    const api = await serve({
      HEADROOM_IDEMPOTENCY_RETENTION_HOURS: '2',
      HEADROOM_DOCUMENT_RETENTION_DAYS: '2',
    });
    try {
      const deadline = Date.now() + 10_000;
      const left = () =>
        Promise.all([
          count("SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'retention-test'", []),
          count('SELECT count(*)::int AS n FROM documents WHERE id = $1', [first.body.id]),
        ]);
      let remaining = await left();
      while (remaining.some((n) => n > 0) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        remaining = await left();
      }
      assert.deepEqual(remaining, [0, 0], 'the expired key and the old document were pruned');
      const gone = await fetch(`${api.url}/v1/documents/${first.body.id}`, {
        headers: { authorization: `Bearer ${p.apiKey}` },
      });
      assert.equal(gone.status, 404);
      const second = await post(api.url, p.apiKey, `second ${Date.now()}`, keyed);
      assert.equal(second.status, 202);
      assert.notEqual(second.body.id, first.body.id, 'a new answer, not the replay of the first');
    } finally {
      await api.stop();
    }
  } finally {
    await pool.end();
  }
});

test('API key rotation: both keys work during the switch, then the old one is refused and cannot come back', async () => {
  // Last in this file: it revokes the key the shared processor was started with.
  const next = 'hr_rotated_key_for_start_test';
  const overlap = await serve({ HEADROOM_API_KEY: next, HEADROOM_API_KEY_PREVIOUS: p.apiKey });
  try {
    assert.equal((await post(overlap.url, p.apiKey, `old key ${Date.now()}`)).status, 202);
    assert.equal((await post(overlap.url, next, `new key ${Date.now()}`)).status, 202);
  } finally {
    await overlap.stop();
  }
  const rotated = await serve({ HEADROOM_API_KEY: next });
  try {
    const refused = await post(rotated.url, p.apiKey, `old key again ${Date.now()}`);
    assert.deepEqual([refused.status, refused.body.code], [401, 'unauthorized']);
    assert.equal((await post(rotated.url, next, `new key again ${Date.now()}`)).status, 202);
    assert.match(rotated.logs(), /revoked 1 API keys no longer configured/);
  } finally {
    await rotated.stop();
  }
  const stale = spawnSync(path.join(repoRoot, 'bin', 'headroom'), ['serve'], {
    encoding: 'utf8',
    env: envFor(),
    timeout: 30_000,
  });
  assert.equal(stale.status, 2, stale.stderr);
  assert.match(
    stale.stderr.trim(),
    /^headroom: HEADROOM_API_KEY was revoked at \S+ \(a newer key replaced it\): configure a new key$/,
  );
});
