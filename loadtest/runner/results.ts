import type { SloObjective } from '../thresholds.ts';
import { metricKeys } from '../thresholds.ts';
import type { K6Summary } from './k6-process.ts';

/** One row of the SLO table: objective, what was measured, and k6's verdict. */
export interface SloRow {
  id: string;
  name: string;
  unit: 'ms' | 's' | 'ratio';
  objective: number;
  /** null when the run produced no sample for this metric. */
  measured: number | null;
  passed: boolean;
  note?: string;
}

export interface SuiteStats {
  iterations: number;
  /** Ingest requests for documents that should be accepted. */
  validRequests: number;
  /** Successful valid ingests per second of the scenario. */
  throughput: number;
  latencyMs: { p50: number; p95: number; p99: number; mean: number };
  /** Failed valid ingests / valid ingests. */
  errorRate: number;
  droppedIterations: number;
  duplicates: number;
  invalidRejected: number;
  invalidUnexpected: number;
  e2eSamples: number;
  e2eTimeouts: number;
  documentsFailed: number;
}

function value(summary: K6Summary, metric: string, stat: string): number | null {
  const v = summary.metrics[metric]?.values?.[stat];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function count(summary: K6Summary, metric: string): number {
  return value(summary, metric, 'count') ?? 0;
}

export function sloRows(summary: K6Summary, objectives: SloObjective[]): SloRow[] {
  return objectives.map((o) => {
    const metric = summary.metrics[o.metric];
    const samples =
      o.unit === 'ratio'
        ? (metric?.values.passes ?? 0) + (metric?.values.fails ?? 0)
        : (metric?.values.count ?? 0);
    const measured = samples > 0 ? value(summary, o.metric, o.stat) : null;
    const verdict = metric?.thresholds?.[o.expression]?.ok;
    if (measured === null) {
      // An SLO nothing measured did not hold: say so instead of passing silently.
      return {
        id: o.id,
        name: o.name,
        unit: o.unit,
        objective: o.objective,
        measured,
        passed: false,
        note: 'no samples',
      };
    }
    return {
      id: o.id,
      name: o.name,
      unit: o.unit,
      objective: o.objective,
      measured,
      passed: verdict === true,
    };
  });
}

/**
 * Every document the run followed timed out unprocessed: nothing is taking jobs from the
 * target's queue (no worker), or it is hopelessly behind. Worth saying in words: an e2e
 * threshold alone reads like a slow processor.
 */
export function noneProcessed(s: SuiteStats): boolean {
  return s.e2eSamples > 0 && s.e2eTimeouts === s.e2eSamples && s.documentsFailed === 0;
}

export function suiteStats(summary: K6Summary, durationSeconds: number): SuiteStats {
  const validRequests = count(summary, metricKeys.ingestLatency);
  const errorRate = value(summary, metricKeys.errorRate, 'rate') ?? 0;
  return {
    iterations: value(summary, 'iterations', 'count') ?? 0,
    validRequests,
    throughput: (validRequests * (1 - errorRate)) / durationSeconds,
    latencyMs: {
      p50: value(summary, metricKeys.ingestLatency, 'med') ?? 0,
      p95: value(summary, metricKeys.ingestLatency, 'p(95)') ?? 0,
      p99: value(summary, metricKeys.ingestLatency, 'p(99)') ?? 0,
      mean: value(summary, metricKeys.ingestLatency, 'avg') ?? 0,
    },
    errorRate,
    droppedIterations: value(summary, metricKeys.droppedIterations, 'count') ?? 0,
    duplicates: value(summary, 'headroom_duplicates', 'count') ?? 0,
    invalidRejected: value(summary, 'headroom_invalid_rejected', 'count') ?? 0,
    invalidUnexpected: value(summary, 'headroom_invalid_unexpected', 'count') ?? 0,
    e2eSamples: count(summary, metricKeys.endToEnd),
    e2eTimeouts: value(summary, 'headroom_e2e_timeouts', 'count') ?? 0,
    documentsFailed: value(summary, 'headroom_documents_failed', 'count') ?? 0,
  };
}

/** Three significant digits, no exponent: 250, 12.3, 0.3, 0.001. */
function num(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : String(Number(n.toPrecision(3)));
}

function show(unit: SloRow['unit'], n: number): string {
  if (unit === 'ratio') return `${num(n * 100)}%`;
  return `${num(n)} ${unit}`;
}

/** "ingest latency p95 312 ms > 250 ms" — how a broken SLO is named in words. */
export function describeFailure(row: SloRow): string {
  if (row.measured === null) return `${row.name}: no samples`;
  return `${row.name} ${show(row.unit, row.measured)} > ${show(row.unit, row.objective)}`;
}

export function formatObjective(row: SloRow): string {
  return `< ${show(row.unit, row.objective)}`;
}

export function formatMeasured(row: SloRow): string {
  return row.measured === null ? `- (${row.note ?? 'no data'})` : show(row.unit, row.measured);
}
