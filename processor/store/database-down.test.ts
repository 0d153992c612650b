import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startProcessor, type LocalProcessor } from '../testing/local-processor.ts';
import { apiClient, ProcessorInspector } from '../testing/inspect.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../testing/private-services.ts';

/** A processor with one worker on a private PostgreSQL (`settings` for its server), torn down after `body`. */
async function withPrivateDatabase(
  settings: Record<string, string>,
  env: Record<string, string>,
  body: (p: LocalProcessor, pg: PrivatePostgres, inspect: ProcessorInspector) => Promise<void>,
): Promise<void> {
  const pg = await startPrivatePostgres(settings);
  const p = await startProcessor({ workers: 1, databaseUrl: pg.url, env }).catch(async (error) => {
    await pg.destroy();
    throw error;
  });
  const inspect = new ProcessorInspector(p.databaseUrl, p.redisUrl, p.queuePrefix);
  try {
    await body(p, pg, inspect);
  } finally {
    await inspect.close();
    await p.stop();
    await pg.destroy();
  }
}

test('PostgreSQL stopped: ingest answers 503, the in-flight job is retried, both recover', async () => {
  // A slow job (so the outage lands mid-job) and quick, many retries (so it outlives the outage).
  const env = {
    HEADROOM_EXTRA_WORK_MS: '800',
    HEADROOM_MAX_ATTEMPTS: '10',
    HEADROOM_RETRY_BACKOFF_MS: '300',
  };
  await withPrivateDatabase({}, env, async (p, pg, inspect) => {
    const call = apiClient(p.url, p.apiKey);
    const before = await call('POST', '/v1/documents', {
      content: 'Accepted before the outage, in plain English.',
    });
    assert.equal(before.status, 202);
    const deadline = Date.now() + 10_000;
    while ((await inspect.statusCounts()).processing !== 1) {
      assert.ok(Date.now() < deadline, 'the worker picks the document up');
      await new Promise((r) => setTimeout(r, 50));
    }

    await pg.stop();
    const during = await call('POST', '/v1/documents', { content: 'sent during the outage' });
    assert.equal(during.status, 503, JSON.stringify(during.json));
    assert.equal(during.json.code, 'database_unavailable');
    assert.ok(Number(during.headers.get('retry-after')) > 0);
    assert.equal((await fetch(`${p.url}/readyz`)).status, 503);
    await new Promise((r) => setTimeout(r, 1000));

    await pg.start();
    let after;
    const until = Date.now() + 15_000;
    do {
      after = await call('POST', '/v1/documents', { content: 'Sent after the outage, in plain English.' });
      if (after.status !== 202) await new Promise((r) => setTimeout(r, 200));
    } while (after.status !== 202 && Date.now() < until);
    assert.equal(after.status, 202, JSON.stringify(after.json));
    assert.equal((await fetch(`${p.url}/readyz`)).status, 200);

    assert.deepEqual(await inspect.waitForFinished(2, 30_000), { processed: 2 });
    // The interrupted job was retried. (Its first claim is not a proof: the stop is a crash,
    // and the worker's commits do not wait for the disk, so it may be undone.)
    const metrics = await (await fetch(p.workerMetricsUrls[0])).text();
    assert.match(metrics, /headroom_jobs_total\{queue="documents",outcome="retried"\} [1-9]/);
  });
});

test('PostgreSQL crashes after the workers finished: the results it lost are made again, once each', async () => {
  // The workers commit without waiting for the disk. The WAL writer holds the last partial
  // page for up to 10 s here, so a crash soon after the last result loses it for sure.
  const settings = { wal_writer_delay: '10s' };
  const env = { HEADROOM_RELAY_INTERVAL_MS: '300', HEADROOM_RELAY_GRACE_MS: '500' };
  await withPrivateDatabase(settings, env, async (p, pg, inspect) => {
    const call = apiClient(p.url, p.apiKey);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await call('POST', '/v1/documents', {
        content: `Document ${i}, accepted before the crash.`,
      });
      assert.equal(res.status, 202, JSON.stringify(res.json));
      ids.push(res.json.id as string);
    }
    assert.deepEqual(await inspect.waitForFinished(ids.length), { processed: ids.length });

    await pg.stop();
    await pg.start();
    const lost = await retryUntilConnected(() => inspect.statusCounts());
    assert.equal(lost.processed ?? 0, ids.length - (lost.queued ?? 0) - (lost.processing ?? 0));
    assert.ok((lost.processed ?? 0) < ids.length, `the crash undid some results: ${JSON.stringify(lost)}`);
    // Every acceptance survived it (the API's commits wait for the disk).
    assert.equal(
      Object.values(lost).reduce((a, b) => a + b, 0),
      ids.length,
    );

    assert.deepEqual(await inspect.waitForFinished(ids.length), { processed: ids.length });
    const { rows } = await inspect.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM documents WHERE result IS NOT NULL AND id = ANY($1::uuid[])',
      [ids],
    );
    assert.equal(rows[0].n, ids.length);
  });
});

/** The inspector's pool reconnects on the next query; the first may still meet the dead connection. */
async function retryUntilConnected<T>(query: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await query();
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
