import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startProcessor } from '../testing/local-processor.ts';
import { apiClient, ProcessorInspector } from '../testing/inspect.ts';
import { startPrivatePostgres } from '../testing/private-services.ts';

test('PostgreSQL stopped: ingest answers 503, the in-flight job is retried, both recover', async () => {
  const pg = await startPrivatePostgres();
  // A slow job (so the outage lands mid-job) and quick, many retries (so it outlives the outage).
  const env = {
    HEADROOM_EXTRA_WORK_MS: '800',
    HEADROOM_MAX_ATTEMPTS: '10',
    HEADROOM_RETRY_BACKOFF_MS: '300',
  };
  const p = await startProcessor({ workers: 1, databaseUrl: pg.url, env }).catch(async (error) => {
    await pg.destroy();
    throw error;
  });
  const inspect = new ProcessorInspector(p.databaseUrl, p.redisUrl, p.queuePrefix);
  try {
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
    const { rows } = await inspect.pool.query('SELECT attempts FROM documents WHERE id = $1', [
      before.json.id,
    ]);
    assert.ok(rows[0].attempts >= 2, `the interrupted job was retried (attempts ${rows[0].attempts})`);
    const metrics = await (await fetch(p.workerMetricsUrls[0])).text();
    assert.match(metrics, /headroom_jobs_total\{queue="documents",outcome="retried"\} [1-9]/);
  } finally {
    await inspect.close();
    await p.stop();
    await pg.destroy();
  }
});
