/** Shared test data for the capacity-model tests (not a test file itself). */
import { capacitySearchKind, type CapacitySearchSummary } from '../../common/capacity-search.ts';
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
