import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSlo } from '../../common/slo.ts';
import { metricKeys, sloObjectives } from '../thresholds.ts';
import type { K6Summary } from './k6-process.ts';
import { describeFailure, noneProcessed, sloRows, suiteStats, type SuiteStats } from './results.ts';

const slo = parseSlo({
  ingestLatency: { p95Ms: 250, p99Ms: 500 },
  endToEndLatency: { p95Seconds: 30 },
  errorRate: { max: 0.01 },
  availability: { objective: 0.995, windowDays: 30 },
  queueWait: { percentile: 0.95, seconds: 10 },
});

// The shape k6 hands to handleSummary (trimmed to the metrics the runner reads).
const summary: K6Summary = {
  metrics: {
    [metricKeys.ingestLatency]: {
      type: 'trend',
      values: { avg: 40, med: 20, 'p(95)': 312, 'p(99)': 420, count: 100 },
      thresholds: { 'p(95)<250': { ok: false }, 'p(99)<500': { ok: true } },
    },
    [metricKeys.errorRate]: {
      type: 'rate',
      values: { rate: 0.02, passes: 2, fails: 98 },
      thresholds: { 'rate<0.01': { ok: false } },
    },
    iterations: { type: 'counter', values: { count: 104 } },
    // Drops in the warm-up are in the whole metric, not in the measured scenario's.
    dropped_iterations: { type: 'counter', values: { count: 10 } },
    [metricKeys.droppedIterations]: { type: 'counter', values: { count: 3 } },
    headroom_invalid_rejected: { type: 'counter', values: { count: 4 } },
  },
};

test('SLO rows carry the objective, the measurement and k6 verdict', () => {
  const rows = sloRows(summary, sloObjectives(slo));
  assert.deepEqual(
    rows.map((r) => [r.id, r.measured, r.passed]),
    [
      ['ingest-p95', 312, false],
      ['ingest-p99', 420, true],
      ['e2e-p95', null, false],
      ['error-rate', 0.02, false],
    ],
  );
  // Nothing measured end to end: that SLO did not hold, whatever k6 thinks of an empty metric.
  assert.equal(rows[2].note, 'no samples');
  assert.deepEqual(rows.filter((r) => !r.passed).map(describeFailure), [
    'ingest latency p95 312 ms > 250 ms',
    'end-to-end latency p95: no samples',
    'error rate 2% > 1%',
  ]);
});

test('stats: throughput counts successful valid ingests per second of the scenario', () => {
  const s = suiteStats(summary, 10);
  assert.equal(s.validRequests, 100);
  assert.equal(s.throughput, 9.8);
  assert.deepEqual(s.latencyMs, { p50: 20, p95: 312, p99: 420, mean: 40 });
  assert.equal(s.droppedIterations, 3);
  assert.equal(s.invalidRejected, 4);
  assert.equal(s.e2eSamples, 0);
});

test('none processed: only when every followed document timed out and none failed', () => {
  const stats = (e2eSamples: number, e2eTimeouts: number, documentsFailed: number) =>
    ({ ...suiteStats(summary, 10), e2eSamples, e2eTimeouts, documentsFailed }) as SuiteStats;
  assert.equal(noneProcessed(stats(6, 6, 0)), true);
  assert.equal(noneProcessed(stats(6, 5, 0)), false, 'one was processed');
  assert.equal(noneProcessed(stats(6, 6, 1)), false, 'a failed document was processed');
  assert.equal(noneProcessed(stats(0, 0, 0)), false, 'nothing was followed');
});
