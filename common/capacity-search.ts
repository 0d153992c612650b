/**
 * The load-test capacity search summary: written by `headroom loadtest capacity`, read by
 * the capacity model (USL fit, per-pod service rate) and `headroom review`.
 */
export const capacitySearchKind = 'headroom.capacity-search/v1';

export interface CapacitySearchStep {
  /** Arrival rate k6 was asked for (requests/s). */
  targetRate: number;
  /** Completed requests/s that k6 measured (what the server actually took). */
  throughput: number;
  /** Documents processed end to end per second during the step (workers' rate), when measured. */
  processedRate?: number;
  /** Mean concurrent in-flight requests over the step (Little's law: throughput x mean latency). */
  concurrency: number;
  latencyMs: { p50: number; p95: number; p99: number; mean: number };
  /** Failed requests / all requests in the step. */
  errorRate: number;
  droppedIterations: number;
  durationSeconds: number;
  /** True when every SLO held during this step. */
  passed: boolean;
  /** The SLOs this step broke, in words ("ingest p95 312 ms > 250 ms"). */
  failures: string[];
  /** CPU cores k6 itself used on average during the step (absent where it could not be read). */
  loadGeneratorCores?: number;
}

export interface CapacitySearchSummary {
  kind: typeof capacitySearchKind;
  target: string;
  startedAt: string;
  finishedAt: string;
  /** CPU cores of the machine k6 ran on: with `loadGeneratorCores`, what the load left a local target. */
  machineCores?: number;
  /** Worker replicas (processes) and concurrency behind the target during the search. */
  workers?: { replicas: number; concurrency: number };
  /** The highest arrival rate that met every SLO (0 if none did). */
  maxPassingRate: number;
  /** The first rate that broke an SLO, if the search reached one. */
  firstFailingRate: number | null;
  steps: CapacitySearchStep[];
}
