import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startProcessor, type LocalProcessor } from '../testing/local-processor.ts';
import { apiClient, ProcessorInspector } from '../testing/inspect.ts';
import { startPrivateRedis } from '../testing/private-services.ts';

async function withProcessor(
  opts: Parameters<typeof startProcessor>[0],
  body: (p: LocalProcessor, inspect: ProcessorInspector) => Promise<void>,
): Promise<void> {
  const p = await startProcessor(opts);
  const inspect = new ProcessorInspector(p.databaseUrl, p.redisUrl, p.queuePrefix);
  try {
    await body(p, inspect);
  } finally {
    await inspect.close();
    await p.stop();
  }
}

async function postMany(p: LocalProcessor, n: number, tag: string): Promise<string[]> {
  const call = apiClient(p.url, p.apiKey);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await call('POST', '/v1/documents', {
      content: `Document ${i} of the ${tag} test, with a few words in English. ${Date.now()}`,
    });
    assert.equal(res.status, 202, JSON.stringify(res.json));
    ids.push(res.json.id as string);
  }
  return ids;
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('kill -9 a worker mid-job: its jobs complete on another worker, once', async () => {
  // Slow jobs and a short lock, so the kill lands mid-job and recovery is quick.
  const env = { HEADROOM_EXTRA_WORK_MS: '1500', HEADROOM_JOB_LOCK_MS: '1000' };
  await withProcessor({ workers: 2, concurrency: 1, env }, async (p, inspect) => {
    const ids = await postMany(p, 4, 'kill');
    // Both workers hold one job each (concurrency 1): kill one of them mid-job.
    await waitUntil('both workers busy', async () => ((await inspect.statusCounts()).processing ?? 0) >= 2);
    p.workers[0].child.kill('SIGKILL');
    assert.equal(await p.workers[0].exited, 'SIGKILL');
    const counts = await inspect.waitForFinished(ids.length, 30_000);
    assert.deepEqual(counts, { processed: ids.length });
    const { rows } = await inspect.pool.query<{ attempts: number; n: number }>(
      'SELECT max(attempts) AS attempts, count(result)::int AS n FROM documents',
    );
    assert.ok(rows[0].attempts >= 2, 'the killed jobs were claimed again');
    assert.equal(rows[0].n, ids.length, 'one result per document');
  });
});

test('FLUSHALL after accepting: every accepted document still ends processed', async () => {
  const redis = await startPrivateRedis();
  try {
    const env = {
      HEADROOM_RELAY_INTERVAL_MS: '300',
      HEADROOM_RELAY_GRACE_MS: '500',
      HEADROOM_EXTRA_WORK_MS: '200',
    };
    await withProcessor({ workers: 1, concurrency: 2, redisUrl: redis.url, env }, async (p, inspect) => {
      const ids = await postMany(p, 12, 'flushall');
      assert.equal(await redis.cli('flushall'), 'OK');
      const counts = await inspect.waitForFinished(ids.length, 30_000);
      assert.deepEqual(counts, { processed: ids.length });
    });
  } finally {
    await redis.stop();
  }
});

test('SIGTERM during load: workers and the API drain, nothing accepted is lost', async () => {
  const env = { HEADROOM_EXTRA_WORK_MS: '100' };
  await withProcessor({ workers: 2, concurrency: 4, env }, async (p, inspect) => {
    const call = apiClient(p.url, p.apiKey);
    const accepted: string[] = [];
    let sent = 0;
    const total = 150;
    const client = async () => {
      while (sent < total) {
        const i = sent++;
        if (i === 40) p.workers[0].child.kill('SIGTERM');
        if (i === 100) p.api.child.kill('SIGTERM');
        try {
          const res = await call('POST', '/v1/documents', {
            content: `Load document ${i} ${Date.now()} in plain English words.`,
          });
          if (res.status === 202) accepted.push(res.json.id as string);
        } catch {
          // The API is shutting down: refused connections are expected, not accepted documents.
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, client));
    assert.equal(await p.workers[0].exited, 0, 'the terminated worker drained and exited cleanly');
    assert.equal(await p.api.exited, 0, 'the API drained and exited cleanly');
    assert.ok(accepted.length >= 90, `accepted ${accepted.length}`);
    await inspect.waitForFinished(accepted.length, 30_000);
    const { rows } = await inspect.pool.query<{ id: string; status: string }>(
      'SELECT id, status FROM documents WHERE id = ANY($1::uuid[])',
      [accepted],
    );
    assert.equal(rows.length, accepted.length, 'every accepted document is stored');
    assert.ok(
      rows.every((r) => r.status === 'processed'),
      'and processed',
    );
  });
});
