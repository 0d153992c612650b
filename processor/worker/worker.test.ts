import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { startProcessor, type LocalProcessor } from '../testing/local-processor.ts';
import { apiClient, ProcessorInspector } from '../testing/inspect.ts';
import { metricNames } from '../../common/metric-names.ts';

const stages = ['normalise', 'language', 'metadata', 'keywords', 'classify', 'hash'];

describe('documents go from POST to processed', () => {
  let p: LocalProcessor;
  let inspect: ProcessorInspector;
  let call: ReturnType<typeof apiClient>;
  before(async () => {
    p = await startProcessor({ workers: 1, concurrency: 4 });
    inspect = new ProcessorInspector(p.databaseUrl, p.redisUrl, p.queuePrefix);
    call = apiClient(p.url, p.apiKey);
  });
  after(async () => {
    await inspect?.close();
    await p?.stop();
  });

  test('each content type is processed with its metadata, timings and metrics', async () => {
    const tag = Date.now();
    const prose =
      'The capacity of the service depends on the number of workers and the size of the documents. ' +
      'Write to ops@example.com or read https://example.com/guide for the details of the report.';
    const docs = {
      plain: { content: `Plain report ${tag}\n\n${prose}`, contentType: 'text/plain' },
      markdown: {
        content: `# Markdown report ${tag}\n\n## Capacity\n\n${prose}\n\n[more](https://example.org/more)`,
        contentType: 'text/markdown',
      },
      html: {
        content: `<html><head><title>HTML report ${tag}</title></head><body><h1>HTML report</h1><h2>Capacity</h2><p>${prose}</p><a href="https://example.net/x">x</a></body></html>`,
        contentType: 'text/html',
      },
    };
    const ids: Record<string, string> = {};
    for (const [name, doc] of Object.entries(docs)) {
      const res = await call('POST', '/v1/documents', doc);
      assert.equal(res.status, 202, JSON.stringify(res.json));
      ids[name] = res.json.id as string;
    }
    const raw = await fetch(`${p.url}/v1/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${p.apiKey}`, 'content-type': 'text/markdown; charset=utf-8' },
      body: `# Raw markdown ${tag}\n\n${prose}`,
    });
    assert.equal(raw.status, 202);
    ids.raw = ((await raw.json()) as { id: string }).id;

    await inspect.waitForFinished(4, 30_000);
    const views: Record<string, Record<string, unknown>> = {};
    for (const [name, id] of Object.entries(ids)) {
      const view = await call('GET', `/v1/documents/${id}`);
      assert.equal(view.json.status, 'processed', `${name}: ${JSON.stringify(view.json)}`);
      views[name] = view.json;
      const result = view.json.result as Record<string, unknown>;
      assert.equal(result.language, 'en', name);
      assert.ok((result.wordCount as number) >= 30, `${name}: wordCount ${result.wordCount}`);
      assert.ok((result.characterCount as number) > 100, name);
      assert.ok((result.readingTimeMinutes as number) > 0, name);
      assert.ok(
        (result.emails as string[]).includes('ops@example.com'),
        `${name}: emails ${JSON.stringify(result.emails)}`,
      );
      assert.ok(
        (result.links as string[]).some((l) => l.startsWith('https://example.com/guide')),
        `${name}: links ${JSON.stringify(result.links)}`,
      );
      assert.ok(Array.isArray(result.keywords) && (result.keywords as unknown[]).length > 0, name);
      assert.ok(Array.isArray(result.categories), name);
      assert.match(result.sha256 as string, /^[0-9a-f]{64}$/);
      const timings = view.json.timings as Record<string, number>;
      for (const stage of [...stages, 'total'])
        assert.ok(timings[stage] >= 0, `${name}: timing for ${stage}`);
      assert.ok(Date.parse(view.json.processedAt as string) >= Date.parse(view.json.acceptedAt as string));
      assert.equal(view.json.failureReason, null);
    }
    const title = (name: string) => (views[name].result as { title: string }).title;
    assert.match(title('markdown'), /Markdown report/);
    assert.match(title('html'), /HTML report/);
    assert.ok(((views.html.result as { links: string[] }).links ?? []).includes('https://example.net/x'));
    assert.ok(((views.markdown.result as { headings: unknown[] }).headings ?? []).length >= 2);
    assert.ok(
      ((views.markdown.result as { links: string[] }).links ?? []).includes('https://example.org/more'),
    );

    const metrics = await (await fetch(p.workerMetricsUrls[0])).text();
    assert.match(metrics, new RegExp(`${metricNames.jobs}\\{queue="documents",outcome="completed"\\} [4-9]`));
    for (const stage of [...stages, 'total']) {
      assert.match(
        metrics,
        new RegExp(`${metricNames.jobDuration}_count\\{queue="documents",stage="${stage}"\\} [4-9]`),
        stage,
      );
    }
    assert.match(metrics, new RegExp(`${metricNames.documentEndToEnd}_count [4-9]`));
    assert.match(metrics, new RegExp(`${metricNames.documentEndToEnd}_bucket\\{le="30"\\}`));
    assert.equal(await inspect.queuedJobs(), 0, 'finished jobs are removed from Redis');
  });
});

describe('documents the pipeline cannot process', () => {
  test('end failed with the reason, without retrying; the retry route queues them again', async () => {
    const p = await startProcessor({ workers: 1 });
    const inspect = new ProcessorInspector(p.databaseUrl, p.redisUrl, p.queuePrefix);
    try {
      const call = apiClient(p.url, p.apiKey);
      // Markup with no text: accepted (not empty), but nothing is left after normalisation.
      const res = await call('POST', '/v1/documents', {
        content: '<html><body><p> </p></body></html>',
        contentType: 'text/html',
      });
      assert.equal(res.status, 202);
      await inspect.waitForFinished(1, 20_000);
      const view = await call('GET', `/v1/documents/${res.json.id}`);
      assert.equal(view.json.status, 'failed');
      assert.match(view.json.failureReason as string, /no text/);
      const { rows } = await inspect.pool.query('SELECT attempts FROM documents WHERE id = $1', [
        res.json.id,
      ]);
      assert.equal(rows[0].attempts, 1, 'a permanent error is not retried');
      const metrics = await (await fetch(p.workerMetricsUrls[0])).text();
      assert.match(metrics, /headroom_jobs_total\{queue="documents",outcome="failed"\} 1/);
      assert.equal(await inspect.queuedJobs(), 0, 'the failed job is removed from Redis');

      // Resubmitting the content is a duplicate; the retry route queues the same row again.
      const resubmitted = await call('POST', '/v1/documents', {
        content: '<html><body><p> </p></body></html>',
        contentType: 'text/html',
      });
      assert.deepEqual([resubmitted.status, resubmitted.json.status], [200, 'duplicate']);
      const again = await call('POST', `/v1/documents/${res.json.id}/retry`);
      assert.deepEqual([again.status, again.json], [202, { id: res.json.id, status: 'queued' }]);
      const deadline = Date.now() + 20_000;
      let retried;
      do {
        await new Promise((r) => setTimeout(r, 200));
        retried = await inspect.pool.query(
          'SELECT status, attempts, failure_reason FROM documents WHERE id = $1',
          [res.json.id],
        );
      } while (retried.rows[0].attempts < 2 && Date.now() < deadline);
      assert.equal(retried.rows[0].attempts, 2, 'the worker took the retried document');
      await inspect.waitForFinished(1, 20_000);
      const final = await call('GET', `/v1/documents/${res.json.id}`);
      assert.equal(final.json.status, 'failed', 'the same content fails the same way');
      assert.match(final.json.failureReason as string, /no text/);
      const twice = await (await fetch(p.workerMetricsUrls[0])).text();
      assert.match(twice, /headroom_jobs_total\{queue="documents",outcome="failed"\} 2/);
    } finally {
      await inspect.close();
      await p.stop();
    }
  });
});

describe('HEADROOM_WORKER_NICE', () => {
  /** The nice value of each of a process's threads (Linux /proc, field 19 of stat). */
  const niceOfThreads = (pid: number) =>
    readdirSync(`/proc/${pid}/task`).map((tid) =>
      Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')[16]),
    );

  test('lowers every thread of the worker, and leaves the API alone', async () => {
    const p = await startProcessor({ workers: 1, env: { HEADROOM_WORKER_NICE: '7' } });
    try {
      const worker = niceOfThreads(p.workers[0].child.pid!);
      assert.ok(worker.length > 1, 'a Node.js process has more than one thread');
      assert.deepEqual(new Set(worker), new Set([7]));
      assert.deepEqual(new Set(niceOfThreads(p.api.child.pid!)), new Set([0]));
    } finally {
      await p.stop();
    }
  });
});
