import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startProcessor, type LocalProcessor } from '../testing/local-processor.ts';
import { apiClient, ProcessorInspector } from '../testing/inspect.ts';
import { metricNames } from '../../common/metric-names.ts';
import { maxMetadataDepth } from './ingest.ts';

/** Metadata `depth` objects deep: { a: { a: ... { a: 1 } } }. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { a: 1 };
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
}

// No workers: whatever is accepted stays queued, so "stored" and "enqueued" are countable.
describe('ingest API', () => {
  let p: LocalProcessor;
  let limited: LocalProcessor;
  let inspect: ProcessorInspector;
  let call: ReturnType<typeof apiClient>;

  before(async () => {
    [p, limited] = await Promise.all([
      startProcessor({ workers: 0, env: { HEADROOM_BATCH_MAX: '5' } }),
      // Through `bin/headroom serve`, so the CLI wiring is exercised too.
      startProcessor({
        workers: 0,
        entry: 'cli',
        env: { HEADROOM_MAX_QUEUE_DEPTH: '2', HEADROOM_RATE_LIMIT_PER_MINUTE: '8' },
      }),
    ]);
    inspect = new ProcessorInspector(p.databaseUrl, p.redisUrl, p.queuePrefix);
    call = apiClient(p.url, p.apiKey);
  });
  after(async () => {
    await inspect?.close();
    await Promise.all([p?.stop(), limited?.stop()]);
  });

  test('bad input gets the right 4xx with code and message, and nothing is stored or enqueued', async () => {
    const nul = '\u0000';
    const cases: Array<[string, () => ReturnType<typeof call>, number, string]> = [
      ['malformed JSON', () => call('POST', '/v1/documents', '{"content": "x"'), 400, 'invalid_json'],
      [
        'wrong content type',
        () => call('POST', '/v1/documents', '<doc/>', { 'content-type': 'application/xml' }),
        415,
        'unsupported_media_type',
      ],
      [
        'non-UTF-8 charset',
        () => call('POST', '/v1/documents', 'caf\xe9', { 'content-type': 'text/plain; charset=latin1' }),
        415,
        'unsupported_charset',
      ],
      ['empty body', () => call('POST', '/v1/documents', ''), 400, 'empty_body'],
      ['empty content', () => call('POST', '/v1/documents', { content: '   ' }), 400, 'empty_content'],
      [
        'empty raw body',
        () => call('POST', '/v1/documents', '', { 'content-type': 'text/plain' }),
        400,
        'empty_content',
      ],
      [
        'missing content',
        () => call('POST', '/v1/documents', { title: 'no content' }),
        400,
        'validation_failed',
      ],
      [
        'over the body limit',
        () => call('POST', '/v1/documents', { content: 'a'.repeat(2.5 * 1024 * 1024) }),
        413,
        'payload_too_large',
      ],
      [
        'invalid UTF-8 (raw)',
        () =>
          call('POST', '/v1/documents', Buffer.from([0x68, 0xc3, 0x28, 0xff]), {
            'content-type': 'text/plain',
          }),
        400,
        'invalid_utf8',
      ],
      [
        'invalid UTF-8 (JSON)',
        () =>
          call(
            'POST',
            '/v1/documents',
            Buffer.concat([Buffer.from('{"content":"'), Buffer.from([0xfe, 0xff]), Buffer.from('"}')]),
          ),
        400,
        'invalid_utf8',
      ],
      [
        'unknown field',
        () => call('POST', '/v1/documents', { content: 'hello', priority: 'high' }),
        400,
        'validation_failed',
      ],
      ['wrong field type', () => call('POST', '/v1/documents', { content: 42 }), 400, 'validation_failed'],
      [
        'unknown contentType',
        () => call('POST', '/v1/documents', { content: 'x', contentType: 'application/pdf' }),
        400,
        'validation_failed',
      ],
      [
        'missing API key',
        () => call('POST', '/v1/documents', { content: 'x' }, { authorization: '' }),
        401,
        'unauthorized',
      ],
      [
        'wrong API key',
        () =>
          call('POST', '/v1/documents', { content: 'x' }, { authorization: 'Bearer hr_not_a_real_key_123' }),
        401,
        'unauthorized',
      ],
      [
        'NUL byte in content',
        () => call('POST', '/v1/documents', { content: `a${nul}b` }),
        400,
        'invalid_content',
      ],
      [
        'NUL byte in raw body',
        () => call('POST', '/v1/documents', `a${nul}b`, { 'content-type': 'text/plain' }),
        400,
        'invalid_content',
      ],
      [
        'NUL byte in metadata',
        () => call('POST', '/v1/documents', { content: 'x', metadata: { [`k${nul}`]: 1 } }),
        400,
        'invalid_content',
      ],
      [
        // 5,000 levels overflowed the stack of a recursive walk: a 500.
        'metadata nested 5,000 levels deep',
        // Written out: JSON.stringify itself overflows the stack at this depth.
        () =>
          call(
            'POST',
            '/v1/documents',
            `{"content":"x","metadata":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`,
          ),
        400,
        'invalid_metadata',
      ],
      [
        'metadata one level deeper than allowed',
        () => call('POST', '/v1/documents', { content: 'x', metadata: nested(maxMetadataDepth + 1) }),
        400,
        'invalid_metadata',
      ],
      [
        'SQL in the Idempotency-Key',
        () =>
          call(
            'POST',
            '/v1/documents',
            { content: 'x' },
            { 'idempotency-key': "'; DROP TABLE documents; --" },
          ),
        400,
        'invalid_idempotency_key',
      ],
      [
        'HTML in the contentType',
        () => call('POST', '/v1/documents', { content: 'x', contentType: '<script>alert(1)</script>' }),
        400,
        'validation_failed',
      ],
      [
        'SQL in the document id',
        () => call('GET', `/v1/documents/${encodeURIComponent("1' OR '1'='1")}`),
        400,
        'validation_failed',
      ],
      [
        'batch over the limit',
        () =>
          call('POST', '/v1/documents/batch', {
            documents: Array.from({ length: 6 }, (_, i) => ({ content: `d${i}` })),
          }),
        400,
        'validation_failed',
      ],
      [
        'batch with an unknown field',
        () =>
          call('POST', '/v1/documents/batch', { documents: [{ content: 'ok' }, { content: 'x', extra: 1 }] }),
        400,
        'validation_failed',
      ],
    ];
    for (const [name, send, status, code] of cases) {
      const res = await send();
      assert.equal(res.status, status, `${name}: ${JSON.stringify(res.json)}`);
      assert.equal(res.json.code, code, name);
      assert.ok(typeof res.json.message === 'string' && res.json.message.length > 0, `${name}: message`);
    }
    const xml = await call('POST', '/v1/documents', '<doc/>', { 'content-type': 'application/xml' });
    assert.match(
      String(xml.json.message),
      /^Content-Type application\/xml is not accepted: send application\/json, text\/plain/,
    );
    assert.equal(await inspect.documentCount(), 0, 'nothing stored');
    assert.equal(await inspect.queuedJobs(), 0, 'nothing enqueued');
  });

  test('an unknown route or document is a 404 JSON error', async () => {
    const missing = await call('GET', '/v1/documents/00000000-0000-4000-8000-000000000000');
    assert.equal(missing.status, 404);
    assert.equal(missing.json.code, 'not_found');
    const route = await call('GET', '/nope');
    assert.equal(route.status, 404);
    assert.equal(route.json.code, 'not_found');
  });

  test('new, duplicate and replayed documents; hostile text is stored verbatim', async () => {
    const hostile = `Robert'); DROP TABLE documents; -- <script>alert("x")</script> ${Date.now()}`;
    const first = await call('POST', '/v1/documents', {
      content: hostile,
      title: '<b>t</b>',
      metadata: { tags: ['a'] },
    });
    assert.equal(first.status, 202);
    assert.equal(first.json.status, 'queued');
    const dup = await call('POST', '/v1/documents', hostile, { 'content-type': 'text/html' });
    assert.deepEqual([dup.status, dup.json], [200, { id: first.json.id, status: 'duplicate' }]);

    const keyed = { 'idempotency-key': `key-${Date.now()}` };
    const a = await call('POST', '/v1/documents', { content: 'first body' }, keyed);
    const b = await call('POST', '/v1/documents', { content: 'a different body, same key' }, keyed);
    assert.equal(a.status, 202);
    assert.deepEqual([b.status, b.json], [a.status, a.json], 'a replay gets the first answer');

    const view = await call('GET', `/v1/documents/${first.json.id}`);
    assert.equal(view.status, 200);
    assert.equal(view.json.status, 'queued');
    assert.equal(typeof view.json.acceptedAt, 'string');
    const { rows } = await inspect.pool.query('SELECT content, title FROM documents WHERE id = $1', [
      first.json.id,
    ]);
    assert.equal(rows[0].content, hostile);
    assert.equal(rows[0].title, '<b>t</b>');
    assert.equal(await inspect.documentCount(), 2);
    assert.equal(await inspect.queuedJobs(), 2, 'each new document is enqueued once');
  });

  test('batch: results in input order, per-item errors, duplicates inside the batch', async () => {
    const tag = Date.now();
    const res = await call('POST', '/v1/documents/batch', {
      documents: [
        { content: `batch one ${tag}` },
        { content: '' },
        { content: `# batch two ${tag}`, contentType: 'text/markdown' },
        { content: `batch one ${tag}` },
      ],
    });
    assert.equal(res.status, 202);
    const results = res.json.results as Array<{ id?: string; status?: string; error?: { code: string } }>;
    assert.equal(results.length, 4);
    assert.equal(results[0].status, 'queued');
    assert.equal(results[1].error?.code, 'empty_content');
    assert.equal(results[2].status, 'queued');
    assert.deepEqual(results[3], { id: results[0].id, status: 'duplicate' });
  });

  test('batch Idempotency-Key: sent again while the first is being answered, 409; once answered, its answer', async () => {
    const keyed = { 'idempotency-key': `batch-key-${Date.now()}` };
    const batch = (label: string) => ({
      documents: [{ content: `${label} a ${Date.now()}` }, { content: `${label} b` }],
    });
    const stored = await inspect.documentCount();
    // Holds the first batch's insert (after it has reserved its key) until the second has been answered.
    const blocker = await inspect.pool.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE documents IN SHARE ROW EXCLUSIVE MODE');
      const firstAnswer = call('POST', '/v1/documents/batch', batch('first'), keyed);
      for (let tries = 0; ; tries++) {
        const { rows } = await inspect.pool.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [
          `batch/${keyed['idempotency-key']}`,
        ]);
        if (rows.length > 0) break;
        assert.ok(tries < 100, 'the first batch reserves its key before it inserts');
        await new Promise((r) => setTimeout(r, 50));
      }
      const second = await call('POST', '/v1/documents/batch', batch('second'), keyed);
      assert.equal(second.status, 409, JSON.stringify(second.json));
      assert.equal(second.json.code, 'idempotency_key_in_use');
      assert.equal(second.headers.get('retry-after'), '1');
      await blocker.query('COMMIT');
      const first = await firstAnswer;
      assert.equal(first.status, 202, JSON.stringify(first.json));

      const third = await call('POST', '/v1/documents/batch', batch('third'), keyed);
      assert.deepEqual([third.status, third.json], [202, first.json], 'a replay gets the first answer');
      assert.equal(await inspect.documentCount(), stored + 2, 'only the first batch was stored');
      const single = await call(
        'POST',
        '/v1/documents',
        { content: `single ${Date.now()}` },
        {
          'idempotency-key': `batch:${keyed['idempotency-key']}`,
        },
      );
      assert.deepEqual(
        [single.status, single.json.status],
        [202, 'queued'],
        'the routes keep their own keys',
      );
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      blocker.release();
    }
  });

  test('backpressure (queue depth) and the per-key rate limit answer 429 with Retry-After', async () => {
    const lim = apiClient(limited.url, limited.apiKey);
    const inspectLimited = new ProcessorInspector(limited.databaseUrl, limited.redisUrl, limited.queuePrefix);
    try {
      for (let i = 0; i < 3; i++)
        assert.equal((await lim('POST', '/v1/documents', { content: `fill ${i}` })).status, 202);
      await new Promise((r) => setTimeout(r, 400)); // the guard re-reads the depth every 250 ms
      await lim('POST', '/v1/documents', { content: 'triggers a depth refresh' });
      await new Promise((r) => setTimeout(r, 100));
      const full = await lim('POST', '/v1/documents', { content: 'over the depth' });
      assert.equal(full.status, 429);
      assert.equal(full.json.code, 'queue_full');
      assert.ok(Number(full.headers.get('retry-after')) > 0);
      const stored = await inspectLimited.documentCount();
      let throttled;
      for (let i = 0; i < 10 && !throttled; i++) {
        const res = await lim('GET', '/v1/documents/00000000-0000-4000-8000-000000000000');
        if (res.status === 429) throttled = res;
      }
      assert.ok(throttled, 'the rate limit kicks in');
      assert.equal(throttled.json.code, 'rate_limited');
      assert.ok(throttled.headers.get('retry-after'));
      assert.equal(await inspectLimited.documentCount(), stored, 'nothing stored while throttled');
    } finally {
      await inspectLimited.close();
    }
  });

  test('health, readiness, metrics and OpenAPI', async () => {
    assert.equal((await fetch(`${p.url}/healthz`)).status, 200);
    const ready = await fetch(`${p.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready', postgres: 'ok', redis: 'ok' });
    const metrics = await (await fetch(`${p.url}/metrics`)).text();
    assert.match(metrics, new RegExp(`${metricNames.documentsReceived}\\{outcome="accepted"\\} [1-9]`));
    assert.match(metrics, new RegExp(`${metricNames.documentsReceived}\\{outcome="rejected"\\} [1-9]`));
    assert.match(
      metrics,
      new RegExp(
        `${metricNames.httpRequestDuration}_bucket\\{le="0.25",route="/v1/documents",method="POST",status_class="2xx"\\}`,
      ),
    );
    assert.match(
      metrics,
      new RegExp(`${metricNames.queueJobs}\\{queue="documents",state="waiting"\\} [1-9]`),
    );
    assert.match(metrics, /process_cpu_seconds_total/);
    const openapi = (await (await fetch(`${p.url}/docs/json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    assert.match(openapi.openapi, /^3\./);
    assert.ok(
      openapi.paths['/v1/documents'] &&
        openapi.paths['/v1/documents/batch'] &&
        openapi.paths['/v1/documents/{id}'] &&
        openapi.paths['/v1/documents/{id}/retry'],
    );
  });

  test('retry: only a failed document can be retried; everything else is a clear 4xx that changes nothing', async () => {
    const doc = await call('POST', '/v1/documents', { content: `retry me ${Date.now()}` });
    assert.equal(doc.status, 202);
    const received = async () => {
      const text = await (await fetch(`${p.url}/metrics`)).text();
      return new RegExp(`${metricNames.documentsReceived}\\{outcome="accepted"\\} (\\d+)`).exec(text)?.[1];
    };
    // The enqueue follows the commit asynchronously: let it land before counting.
    const deadline = Date.now() + 5000;
    while ((await inspect.queuedJobs()) < (await inspect.documentCount()) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const [countBefore, jobsBefore, receivedBefore] = [
      await inspect.documentCount(),
      await inspect.queuedJobs(),
      await received(),
    ];
    assert.ok(receivedBefore, 'the accepted counter is exported');
    const cases: Array<[string, () => ReturnType<typeof call>, number, string]> = [
      ['a queued document', () => call('POST', `/v1/documents/${doc.json.id}/retry`), 409, 'not_failed'],
      [
        'an unknown document',
        () => call('POST', '/v1/documents/00000000-0000-4000-8000-000000000000/retry'),
        404,
        'not_found',
      ],
      [
        'an id that is not a UUID',
        () => call('POST', "/v1/documents/1'%20OR%201=1/retry"),
        400,
        'validation_failed',
      ],
      [
        'no API key',
        () => call('POST', `/v1/documents/${doc.json.id}/retry`, undefined, { authorization: '' }),
        401,
        'unauthorized',
      ],
    ];
    for (const [what, send, status, code] of cases) {
      const res = await send();
      assert.equal(res.status, status, what);
      assert.equal(res.json.code, code, what);
      assert.equal(typeof res.json.message, 'string', what);
    }
    const view = await call('GET', `/v1/documents/${doc.json.id}`);
    assert.equal(view.json.status, 'queued');
    assert.equal(await inspect.documentCount(), countBefore);
    assert.equal(await inspect.queuedJobs(), jobsBefore);
    assert.equal(await received(), receivedBefore, 'a retry is not a received document');
  });

  test('metadata as deep as allowed is stored as given', async () => {
    const metadata = nested(maxMetadataDepth);
    const res = await call('POST', '/v1/documents', { content: `deep metadata ${Date.now()}`, metadata });
    assert.equal(res.status, 202, JSON.stringify(res.json));
    const { rows } = await inspect.pool.query('SELECT metadata FROM documents WHERE id = $1', [res.json.id]);
    assert.deepEqual(rows[0].metadata, metadata);
  });
});
