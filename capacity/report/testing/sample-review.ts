import { capacitySearchKind, type CapacitySearchStep } from '../../../common/capacity-search.ts';
import { loadSlo } from '../../../common/slo.ts';
import { reviewKind, type ReviewDocument } from '../review.ts';

/** A plausible review document for renderer tests; `overrides` replaces top-level parts. */
export function sampleReview(overrides: Partial<ReviewDocument> = {}): ReviewDocument {
  const hour = 3_600_000;
  const start = Date.UTC(2026, 10, 23, 10, 0);
  const step = (
    targetRate: number,
    throughput: number,
    p95: number,
    passed: boolean,
  ): CapacitySearchStep => ({
    targetRate,
    throughput,
    concurrency: (throughput * p95 * 0.6) / 1000,
    latencyMs: { p50: p95 * 0.4, p95, p99: p95 * 1.5, mean: p95 * 0.6 },
    errorRate: passed ? 0 : 0.02,
    droppedIterations: passed ? 0 : 12,
    durationSeconds: 20,
    passed,
    failures: passed ? [] : [`ingest p95 ${p95} ms > 250 ms`],
  });
  const history = Array.from({ length: 48 }, (_, i) => ({
    timestamp: start - (48 - i) * hour,
    value: 20 + 10 * Math.sin((i / 24) * 2 * Math.PI),
  }));
  const points = Array.from({ length: 24 }, (_, i) => {
    const p50 = 20 + 10 * Math.sin(((i + 48) / 24) * 2 * Math.PI);
    return { timestamp: start + i * hour, quantiles: { '0.5': p50, '0.9': p50 * 1.2 } };
  });
  return {
    kind: reviewKind,
    startedAt: new Date(start).toISOString(),
    finishedAt: new Date(start + 600_000).toISOString(),
    target: { url: 'http://127.0.0.1:18080', startedByReview: true, workers: 1, workerConcurrency: 4 },
    slo: loadSlo(),
    capacitySearch: {
      kind: capacitySearchKind,
      target: 'http://127.0.0.1:18080',
      startedAt: new Date(start).toISOString(),
      finishedAt: new Date(start + 300_000).toISOString(),
      workers: { replicas: 1, concurrency: 4 },
      maxPassingRate: 60,
      firstFailingRate: 80,
      steps: [
        step(20, 20, 40, true),
        step(40, 40, 60, true),
        step(60, 59, 120, true),
        step(80, 66, 400, false),
      ],
    },
    sloRun: {
      suite: 'load',
      rate: 42,
      durationSeconds: 30,
      passed: true,
      checks: [
        { objective: 'ingest latency p95', threshold: 250, measured: 48, unit: 'ms', passed: true },
        { objective: 'ingest latency p99', threshold: 500, measured: 90, unit: 'ms', passed: true },
        { objective: 'error rate', threshold: 0.01, measured: 0, unit: 'ratio', passed: true },
      ],
    },
    capacity: {
      perPodRate: 60,
      usl: { sigma: 0.05, kappa: 0.001, lambda: 12, r2: 0.98, peakConcurrency: 30.8, peakThroughput: 150 },
      uslNote: null,
    },
    forecast: {
      source: 'sample-trace',
      sourceDetail: 'Prometheus has 0 h of history (2 days needed): the bundled sample trace.',
      model: 'holt-winters',
      stepSeconds: 3600,
      quantile: '0.9',
      history,
      points,
      peak: { timestamp: points[6].timestamp, value: 36 },
      accuracy: { mase: 0.7, coverage90: 0.9 },
      notes: [],
    },
    plan: {
      quantile: '0.9',
      podStartupSeconds: 60,
      headroom: 0.2,
      hours: points.map((p) => ({
        timestamp: p.timestamp,
        demand: p.quantiles['0.9'],
        replicas: Math.ceil(p.quantiles['0.9'] / 48),
      })),
      peakReplicas: 1,
      podHours: 24,
      currentReplicas: 1,
      headroomPercent: 40,
      runOutDate: null,
      runOutNote: 'At the current trend the current replicas last beyond the horizon.',
    },
    notes: [],
    ...overrides,
  };
}
