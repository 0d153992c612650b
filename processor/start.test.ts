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

test('serve and work that cannot start say why in one line and exit 1, instead of hanging', () => {
  const env = {
    ...process.env,
    HEADROOM_DATABASE_URL: p.databaseUrl,
    HEADROOM_REDIS_URL: p.redisUrl,
    HEADROOM_QUEUE_PREFIX: p.queuePrefix,
    HEADROOM_API_KEY: p.apiKey,
    HEADROOM_PORT: '0',
    HEADROOM_WORKER_METRICS_PORT: '0',
  };
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    // These two stayed alive after the line, held by Redis and PostgreSQL connections.
    ['serve', { HEADROOM_PORT: portOf(p.url) }, /EADDRINUSE/],
    ['work', { HEADROOM_WORKER_METRICS_PORT: portOf(p.workerMetricsUrls[0]) }, /EADDRINUSE/],
    ['serve', { HEADROOM_DATABASE_URL: 'postgres://headroom@127.0.0.1:1/headroom' }, /ECONNREFUSED/],
  ];
  for (const [command, overrides, why] of cases) {
    const run = spawnSync(path.join(repoRoot, 'bin', 'headroom'), [command], {
      encoding: 'utf8',
      env: { ...env, ...overrides },
      timeout: 30_000,
    });
    const what = `${command} ${JSON.stringify(overrides)}`;
    assert.equal(run.signal, null, `${what}: still running after 30 s`);
    assert.equal(run.status, 1, `${what}: ${run.stderr}`);
    assert.match(run.stderr, /^headroom: cannot start \(PostgreSQL .+, Redis .+\): .+$/m, what);
    assert.match(run.stderr, why, what);
  }
});

test('serve prunes Idempotency-Keys older than the retention when it starts; the key is free again', async () => {
  const pool = new pg.Pool({ connectionString: p.databaseUrl, max: 1 });
  const serve = spawn(path.join(repoRoot, 'bin', 'headroom'), ['serve'], {
    env: {
      ...process.env,
      HEADROOM_DATABASE_URL: p.databaseUrl,
      HEADROOM_REDIS_URL: p.redisUrl,
      HEADROOM_QUEUE_PREFIX: p.queuePrefix,
      HEADROOM_API_KEY: p.apiKey,
      HEADROOM_PORT: '0',
      HEADROOM_RELAY: 'false',
      HEADROOM_IDEMPOTENCY_RETENTION_HOURS: '2',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    const post = (url: string, content: string) =>
      fetch(`${url}/v1/documents`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${p.apiKey}`,
          'content-type': 'text/plain',
          'idempotency-key': 'retention-test',
        },
        body: content,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: string; status: string } }));
    const first = await post(p.url, `first ${Date.now()}`);
    assert.equal(first.status, 202);
    await pool.query(
      "UPDATE idempotency_keys SET created_at = now() - interval '3 hours' WHERE key = 'retention-test'",
    );
    let stderr = '';
    serve.stderr!.setEncoding('utf8');
    serve.stderr!.on('data', (chunk: string) => (stderr += chunk));
    const deadline = Date.now() + 20_000;
    while (!/listening on \S+/.test(stderr) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const url = /listening on (\S+)/.exec(stderr)?.[1];
    assert.ok(url, stderr);
    let left = 1;
    while (left > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      ({
        rows: [{ n: left }],
      } = await pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'retention-test'",
      ));
    }
    assert.equal(left, 0, 'the expired key was pruned');
    const second = await post(url, `second ${Date.now()}`);
    assert.equal(second.status, 202);
    assert.notEqual(second.body.id, first.body.id, 'a new answer, not the replay of the first');
  } finally {
    if (serve.exitCode === null && serve.signalCode === null) {
      serve.kill('SIGTERM');
      await once(serve, 'exit');
    }
    await pool.end();
  }
});
