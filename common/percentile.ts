/**
 * The q-quantile (0-1) of ascending `sorted` by nearest rank, no interpolation: a benchmark's
 * p99 is then a latency one request really had. 0 for an empty list.
 */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
