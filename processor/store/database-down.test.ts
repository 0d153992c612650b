import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startProcessor } from '../testing/local-processor.ts';
import { apiClient } from '../testing/inspect.ts';
import { startPrivatePostgres } from '../testing/private-services.ts';

test('PostgreSQL stopped: ingest answers 503 with Retry-After, and recovers when it is back', async () => {
  const pg = await startPrivatePostgres();
  const p = await startProcessor({ workers: 0, databaseUrl: pg.url }).catch(async (error) => {
    await pg.destroy();
    throw error;
  });
  try {
    const call = apiClient(p.url, p.apiKey);
    const before = await call('POST', '/v1/documents', { content: 'accepted before the outage' });
    assert.equal(before.status, 202);

    await pg.stop();
    const during = await call('POST', '/v1/documents', { content: 'sent during the outage' });
    assert.equal(during.status, 503, JSON.stringify(during.json));
    assert.equal(during.json.code, 'database_unavailable');
    assert.ok(Number(during.headers.get('retry-after')) > 0);
    assert.equal((await fetch(`${p.url}/readyz`)).status, 503);

    await pg.start();
    let after;
    const deadline = Date.now() + 15_000;
    do {
      after = await call('POST', '/v1/documents', { content: 'sent after the outage' });
      if (after.status !== 202) await new Promise((r) => setTimeout(r, 200));
    } while (after.status !== 202 && Date.now() < deadline);
    assert.equal(after.status, 202, JSON.stringify(after.json));
    assert.equal((await fetch(`${p.url}/readyz`)).status, 200);
    const view = await call('GET', `/v1/documents/${before.json.id}`);
    assert.equal(view.json.status, 'queued', 'the document accepted before the outage is still there');
  } finally {
    await p.stop();
    await pg.destroy();
  }
});
