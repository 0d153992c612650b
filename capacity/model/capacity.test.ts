import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capacitySearchKind, type CapacitySearchSummary } from '../../common/capacity-search.ts';
import { InputError } from '../../common/errors.ts';
import { perPodCapacity } from './capacity.ts';
import { parseCapacitySearch } from './summary.ts';
import { uslThroughput } from './usl.ts';

/** A capacity search over a USL-shaped target; steps pass below `failAt`. */
export function searchSummary(opts: {
  rates: number[];
  failAt: number;
  replicas?: number;
  processedCap?: number;
}): CapacitySearchSummary {
  const usl = { lambda: 30, sigma: 0.04, kappa: 0.0008 };
  const steps = opts.rates.map((rate, i) => {
    const concurrency = [1, 2, 4, 8, 16, 24, 32, 48][i];
    const throughput = uslThroughput(concurrency, usl);
    const passed = rate < opts.failAt;
    return {
      targetRate: rate,
      throughput,
      processedRate: opts.processedCap === undefined ? undefined : Math.min(throughput, opts.processedCap),
      concurrency,
      latencyMs: { p50: 20, p95: passed ? 80 : 400, p99: passed ? 120 : 900, mean: 30 },
      errorRate: 0,
      droppedIterations: 0,
      durationSeconds: 30,
      passed,
      failures: passed ? [] : ['ingest p95 400 ms > 250 ms'],
    };
  });
  const passing = steps.filter((s) => s.passed);
  return {
    kind: capacitySearchKind,
    target: 'http://127.0.0.1:18080',
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T00:10:00Z',
    workers: opts.replicas === undefined ? undefined : { replicas: opts.replicas, concurrency: 4 },
    maxPassingRate: passing.length ? Math.max(...passing.map((s) => s.targetRate)) : 0,
    firstFailingRate: steps.find((s) => !s.passed)?.targetRate ?? null,
    steps,
  };
}

test('per-pod capacity: max passing rate divided by the replicas, with a USL fit', () => {
  const summary = searchSummary({ rates: [20, 40, 80, 120, 160, 200, 240], failAt: 200, replicas: 2 });
  const cap = perPodCapacity(parseCapacitySearch(JSON.parse(JSON.stringify(summary))));
  assert.equal(cap.serviceRate, 160);
  assert.equal(cap.perPodServiceRate, 80);
  assert.equal(cap.replicas, 2);
  assert.equal(cap.workerConcurrency, 4);
  assert.equal(cap.bottleneck, 'ingest');
  assert.ok(cap.usl !== null && cap.usl.r2 > 0.9, `USL fit ${JSON.stringify(cap.usl)}`);
  assert.equal(cap.perPodPeakThroughput, (cap.usl?.peakThroughput as number) / 2);
  assert.ok(cap.notes.some((n) => /no processed rate/.test(n)));
});

test('workers behind ingest: sized on the processed rate', () => {
  const summary = searchSummary({
    rates: [20, 40, 80, 120, 160, 200],
    failAt: 200,
    replicas: 4,
    processedCap: 100,
  });
  const cap = perPodCapacity(summary);
  assert.equal(cap.bottleneck, 'workers');
  assert.equal(cap.serviceRate, 100);
  assert.equal(cap.perPodServiceRate, 25);
});

test('no passing step, too few steps for the USL, no workers block', () => {
  assert.throws(
    () => perPodCapacity(searchSummary({ rates: [50, 100], failAt: 10 })),
    (e: Error) =>
      e instanceof InputError &&
      /no load-test step met the SLOs.*lowest rate tried \(50\/s\)/.test(e.message),
  );
  const cap = perPodCapacity(searchSummary({ rates: [10, 20], failAt: 100 }));
  assert.equal(cap.usl, null);
  assert.equal(cap.replicas, 1);
  assert.ok(cap.notes.some((n) => /no USL fit: needs at least 3/.test(n)));
  assert.ok(cap.notes.some((n) => /never reached a failing rate/.test(n)));
});

test('summary validation names the field', () => {
  const good = searchSummary({ rates: [10, 20, 30], failAt: 25 });
  assert.throws(
    () => parseCapacitySearch({ ...good, kind: 'other' }, 'x.json'),
    /x.json: kind is "other", expected/,
  );
  assert.throws(() => parseCapacitySearch({ ...good, steps: [] }), /steps must be a non-empty array/);
  const bad = JSON.parse(JSON.stringify(good));
  bad.steps[1].throughput = 'fast';
  assert.throws(() => parseCapacitySearch(bad), /steps\[1\]\.throughput must be a number/);
  assert.throws(() => parseCapacitySearch([]), /must be a JSON object/);
});
