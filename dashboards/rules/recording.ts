import type { Slo } from '../../common/slo.ts';
import { documentQueueName, metricNames as m } from '../../common/metric-names.ts';
import {
  burnWindows,
  capacityMaxRateMetric,
  errorRatioRule,
  ingestLatencyRoute,
  ingestRoutesRegex,
  recordingRules as r,
  scrapeJobs,
} from './names.ts';
import { num, sel } from './promql.ts';
import type { RecordingRule, RuleGroup } from './types.ts';

// Every aggregate keeps `namespace`: on Kubernetes one Prometheus may watch several
// environments; locally the label is absent and `by (namespace)` yields one series.
const ns = 'namespace';

// The latency SLO and its quantiles are on single-document ingest (see names.ts).
const latencyRequests = sel({ route: ingestLatencyRoute, method: 'POST' });

/**
 * Availability error ratio over a window: (throttled documents + 5xx ingest requests) /
 * (every document outcome + 5xx ingest requests). A 5xx request produced no document outcome,
 * so it is added on both sides; `or ... * 0` turns a missing error series into a 0 per
 * namespace instead of an empty result (no 5xx yet is the normal case).
 */
export function availabilityErrorRatio(window: string): string {
  const received = `sum by (${ns}) (rate(${m.documentsReceived}[${window}]))`;
  const serverErrors = `sum by (${ns}) (rate(${m.httpRequestDuration}_count{route=~"${ingestRoutesRegex}", method="POST", status_class="5xx"}[${window}]))`;
  const throttled = `sum by (${ns}) (rate(${m.documentsReceived}{outcome="throttled"}[${window}]))`;
  const errors = `(${throttled} or ${received} * 0) + (${serverErrors} or ${received} * 0)`;
  return `(${errors}) / (${received} + (${serverErrors} or ${received} * 0))`;
}

/** Fraction of single-document ingest requests slower than `thresholdSeconds` over a window. */
export function latencyErrorRatio(thresholdSeconds: number, window: string): string {
  const fast = `sum by (${ns}) (rate(${m.httpRequestDuration}_bucket{route="${ingestLatencyRoute}", method="POST", le="${num(thresholdSeconds)}"}[${window}]))`;
  const all = `sum by (${ns}) (rate(${m.httpRequestDuration}_count${latencyRequests}[${window}]))`;
  return `1 - (${fast} / ${all})`;
}

function quantile(q: number, metric: string, matchers: string, window: string): string {
  return `histogram_quantile(${q}, sum by (${ns}, le) (rate(${metric}_bucket${matchers}[${window}])))`;
}

/** The shared series: dashboards, the autoscaler and the review read these by name. */
export function coreRecordingRules(): RuleGroup {
  const queue = sel({ queue: documentQueueName });
  const rules: RecordingRule[] = [
    {
      record: r.documentsAcceptedRate1m,
      expr: `sum by (${ns}) (rate(${m.documentsReceived}{outcome="accepted"}[1m]))`,
    },
    {
      record: r.documentsAcceptedRate5m,
      expr: `sum by (${ns}) (rate(${m.documentsReceived}{outcome="accepted"}[5m]))`,
    },
    {
      record: r.documentsReceivedRate1m,
      expr: `sum by (${ns}, outcome) (rate(${m.documentsReceived}[1m]))`,
    },
    {
      record: r.jobsCompletedRate1m,
      expr: `sum by (${ns}) (rate(${m.jobs}{queue="${documentQueueName}", outcome="completed"}[1m]))`,
    },
    {
      record: r.workerPodsReady,
      expr: `count by (${ns}) (up{job="${scrapeJobs.worker}"} == 1)`,
    },
    {
      record: r.jobsCompletedPerPodRate1m,
      expr: `${r.jobsCompletedRate1m} / ${r.workerPodsReady}`,
    },
    {
      // Every API replica reports the same BullMQ counts: max, not sum.
      record: r.queueJobsMax,
      expr: `max by (${ns}, state) (${m.queueJobs}${queue})`,
    },
    {
      record: r.queueWaitingMax,
      expr: `max by (${ns}) (${m.queueJobs}{queue="${documentQueueName}", state="waiting"})`,
    },
    {
      record: r.ingestLatencyP95,
      expr: quantile(0.95, m.httpRequestDuration, latencyRequests, '5m'),
    },
    {
      record: r.ingestLatencyP99,
      expr: quantile(0.99, m.httpRequestDuration, latencyRequests, '5m'),
    },
    {
      record: r.endToEndP95,
      expr: quantile(0.95, m.documentEndToEnd, '', '5m'),
    },
    {
      record: r.capacityTotal,
      expr: `max by (${ns}) (${capacityMaxRateMetric}) * on (${ns}) ${r.workerPodsReady}`,
    },
  ];
  return { name: 'headroom-core', rules };
}

/** Little's law: the backlog the workers drain within the queue-wait SLO at today's rate. */
export function queueRecordingRules(slo: Slo): RuleGroup {
  return {
    name: 'headroom-queue',
    rules: [
      {
        record: r.queueBacklogBudget,
        expr: `${r.jobsCompletedRate1m} * ${num(slo.queueWait.seconds)}`,
      },
    ],
  };
}

/** SLI error ratios over every burn-rate window (the alerts compare these to the budget). */
export function sliRecordingRules(slo: Slo): RuleGroup {
  const rules: RecordingRule[] = [];
  for (const window of burnWindows) {
    rules.push({ record: errorRatioRule('availability', window), expr: availabilityErrorRatio(window) });
    rules.push({
      record: errorRatioRule('latency_p95', window),
      expr: latencyErrorRatio(slo.ingestLatency.p95Ms / 1000, window),
    });
    rules.push({
      record: errorRatioRule('latency_p99', window),
      expr: latencyErrorRatio(slo.ingestLatency.p99Ms / 1000, window),
    });
  }
  return { name: 'headroom-sli', rules };
}

/** The SLO window as a PromQL duration (whole days, else hours: PromQL has no "7.5d"). */
export function sloWindow(slo: Slo): string {
  const days = slo.availability.windowDays;
  return Number.isInteger(days) ? `${days}d` : `${Math.max(1, Math.round(days * 24))}h`;
}

/** Error budget left over the whole SLO window: a long range, so evaluated once a minute. */
export function budgetRecordingRules(slo: Slo, interval: string | undefined): RuleGroup {
  const window = sloWindow(slo);
  const budget = 1 - slo.availability.objective;
  return {
    name: 'headroom-error-budget',
    ...(interval ? { interval } : {}),
    rules: [
      { record: errorRatioRule('availability', window), expr: availabilityErrorRatio(window) },
      {
        record: r.availabilityBudgetRemaining,
        expr: `1 - ${errorRatioRule('availability', window)} / ${num(budget)}`,
      },
    ],
  };
}
