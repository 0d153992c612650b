/**
 * The CI gate of issue 3: `smoke` and a short `load` against the real processor with the
 * real thresholds from slo.json. A regression that breaks an SLO fails this file.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startProcessor } from '../processor/testing/local-processor.ts';
import type { LocalProcessor } from '../processor/testing/local-processor.ts';
import { loadSlo } from '../common/slo.ts';
import { runSuite } from './index.ts';
import type { SuiteResult } from './index.ts';
import { headroom } from './testing.ts';

let processor: LocalProcessor;

before(async () => {
  processor = await startProcessor({ workers: 1 });
});

after(async () => {
  await processor?.stop();
});

function assertEverySloHeld(result: SuiteResult): void {
  const slo = loadSlo();
  assert.deepEqual(
    result.slos.map((row) => [row.id, row.objective]),
    [
      ['ingest-p95', slo.ingestLatency.p95Ms],
      ['ingest-p99', slo.ingestLatency.p99Ms],
      ['e2e-p95', slo.endToEndLatency.p95Seconds],
      ['error-rate', slo.errorRate.max],
    ],
  );
  for (const row of result.slos) {
    assert.notEqual(row.measured, null, `${row.name} was not measured`);
    assert.ok(row.passed, `${row.name}: ${row.measured} vs ${row.objective}`);
  }
  assert.equal(result.passed, true, result.failures.join('; '));
  assert.equal(result.k6ExitCode, 0);
  assert.equal(result.stats.invalidUnexpected, 0, 'an invalid-on-purpose document was not rejected');
  assert.equal(result.stats.e2eTimeouts, 0);
  assert.equal(result.stats.documentsFailed, 0);
}

test('smoke: `headroom loadtest smoke` meets every SLO and exits 0', async () => {
  const r = await headroom([
    'loadtest',
    'smoke',
    '--target',
    processor.url,
    '--api-key',
    processor.apiKey,
    '--duration',
    '8s',
    '--seed',
    '101',
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr.split('\n').slice(-5).join('\n'));
  const result = JSON.parse(r.stdout) as SuiteResult;
  assertEverySloHeld(result);
  assert.equal(result.suite, 'smoke');
  assert.ok(result.stats.validRequests >= 10, `${result.stats.validRequests} valid requests`);
  assert.ok(result.stats.e2eSamples >= 3, `${result.stats.e2eSamples} documents followed to processed`);
  // k6's progress went to stderr while it ran.
  assert.match(r.stderr, /running \(/);
});

test('load: a short constant-arrival-rate run meets every SLO at the rate asked', async () => {
  const rate = 5;
  const result = await runSuite({
    suite: 'load',
    target: processor.url,
    apiKey: processor.apiKey,
    rate,
    duration: '20s',
    seed: 202,
    onLine: () => {},
  });
  assertEverySloHeld(result);
  const s = result.stats;
  // The arrival rate is what the test said, not what the server allowed.
  assert.ok(s.iterations >= rate * 20 * 0.9, `${s.iterations} iterations at ${rate}/s for 20s`);
  assert.ok(s.droppedIterations <= rate, `${s.droppedIterations} dropped`);
  assert.ok(s.throughput > rate * 0.8, `throughput ${s.throughput}/s`);
  // The warm-up ran first and no figure counts it: 20 s at 5/s offers 100 measured documents.
  assert.equal(result.warmupSeconds, 4);
  assert.ok(s.validRequests <= rate * 20, `${s.validRequests} valid requests counted`);
  assert.ok(s.invalidRejected > 0, 'the invalid-on-purpose documents were sent and rejected');
  assert.ok(s.e2eSamples >= 20, `${s.e2eSamples} documents followed to processed`);
});
