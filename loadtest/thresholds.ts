import type { Slo } from '../common/slo.ts';

/**
 * k6 thresholds generated from the SLO file: the only place they come from (suites never
 * write their own). Metric names match what loadtest/lib/ingest.ts records: requests for
 * documents that should be accepted carry the tag `doc:valid`; deliberate bad input
 * (`doc:invalid`) and the follow-up GETs (`doc:follow`) are kept out of the SLOs.
 */
export const metricKeys = {
  ingestLatency: 'http_req_duration{doc:valid}',
  errorRate: 'http_req_failed{doc:valid}',
  endToEnd: 'headroom_e2e_seconds',
  /** Iterations k6 could not start in the measured scenario (not the warm-up). */
  droppedIterations: 'dropped_iterations{scenario:ingest}',
} as const;

/** One objective as k6 sees it and as the runner's table shows it. */
export interface SloObjective {
  /** Stable id for machines ("ingest-p95"). */
  id: string;
  /** For people ("ingest latency p95 (valid documents)"). */
  name: string;
  metric: string;
  /** The stat in k6's summary ("p(95)", "rate"). */
  stat: string;
  /** The k6 threshold expression (`p(95)<250`). */
  expression: string;
  objective: number;
  unit: 'ms' | 's' | 'ratio';
}

export function sloObjectives(slo: Slo): SloObjective[] {
  return [
    {
      id: 'ingest-p95',
      name: 'ingest latency p95',
      metric: metricKeys.ingestLatency,
      stat: 'p(95)',
      expression: `p(95)<${slo.ingestLatency.p95Ms}`,
      objective: slo.ingestLatency.p95Ms,
      unit: 'ms',
    },
    {
      id: 'ingest-p99',
      name: 'ingest latency p99',
      metric: metricKeys.ingestLatency,
      stat: 'p(99)',
      expression: `p(99)<${slo.ingestLatency.p99Ms}`,
      objective: slo.ingestLatency.p99Ms,
      unit: 'ms',
    },
    {
      id: 'e2e-p95',
      name: 'end-to-end latency p95',
      metric: metricKeys.endToEnd,
      stat: 'p(95)',
      expression: `p(95)<${slo.endToEndLatency.p95Seconds}`,
      objective: slo.endToEndLatency.p95Seconds,
      unit: 's',
    },
    {
      id: 'error-rate',
      name: 'error rate',
      metric: metricKeys.errorRate,
      stat: 'rate',
      expression: `rate<${slo.errorRate.max}`,
      objective: slo.errorRate.max,
      unit: 'ratio',
    },
  ];
}

/** The `thresholds` option for k6: metric → expressions. */
export function k6Thresholds(slo: Slo): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const o of sloObjectives(slo)) (out[o.metric] ??= []).push(o.expression);
  // Not an objective: a threshold is how k6 puts a tagged submetric in its summary.
  out[metricKeys.droppedIterations] = ['count>=0'];
  return out;
}
