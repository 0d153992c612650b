import { loadSlo } from '../../common/slo.ts';

/**
 * Histogram buckets that always contain the SLO thresholds as exact bucket edges, so
 * "fraction under the objective" is read from a bucket instead of interpolated.
 */
function withSlo(base: number[], thresholds: number[]): number[] {
  return [...new Set([...base, ...thresholds])].sort((a, b) => a - b);
}

const slo = loadSlo();

/** HTTP request latency (seconds): resolves the ingest p95/p99 objectives. */
export const httpBuckets = withSlo(
  [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  [slo.ingestLatency.p95Ms / 1000, slo.ingestLatency.p99Ms / 1000],
);

/** One pipeline stage or a whole job (seconds): stages take microseconds to seconds. */
export const stageBuckets = withSlo(
  [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  [],
);

/** Accepted → processed (seconds): resolves the end-to-end and queue-wait objectives. */
export const endToEndBuckets = withSlo(
  [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600],
  [slo.endToEndLatency.p95Seconds, slo.queueWait.seconds],
);
