import type { Slo } from '../../common/slo.ts';
import { metricNames as m } from '../../common/metric-names.ts';
import { errorRatioRule, recordingRules as r, type BurnWindow, type SliName } from './names.ts';
import { num } from './promql.ts';
import type { AlertingRule, RuleGroup } from './types.ts';

/**
 * Multiwindow, multi-burn-rate alerts (Google SRE workbook, "Alerting on SLOs", table 5-8):
 * the long window proves the budget is really burning at that rate, the short window (1/12 of
 * it) makes the alert stop soon after the burn stops.
 */
export interface BurnRateTier {
  factor: number;
  long: BurnWindow;
  short: BurnWindow;
  severity: 'page' | 'ticket';
  /** How long both windows must agree: damps a single bad scrape. */
  for: string;
}

export const burnRateTiers: readonly BurnRateTier[] = [
  { factor: 14.4, long: '1h', short: '5m', severity: 'page', for: '2m' },
  { factor: 6, long: '6h', short: '30m', severity: 'page', for: '5m' },
  { factor: 3, long: '1d', short: '2h', severity: 'ticket', for: '15m' },
  { factor: 1, long: '3d', short: '6h', severity: 'ticket', for: '30m' },
];

/** One SLI with an error budget, as the alerts see it. */
export interface BudgetedSli {
  sli: SliName;
  /** Alert name stem, e.g. IngestAvailability → IngestAvailabilityBurnRate14x. */
  alertStem: string;
  /** Allowed bad fraction (1 - objective). */
  budget: number;
  what: string;
}

export function budgetedSlis(slo: Slo): BudgetedSli[] {
  return [
    {
      sli: 'availability',
      alertStem: 'IngestAvailability',
      budget: 1 - slo.availability.objective,
      what: `ingest requests failing (5xx or throttled); objective ${num(slo.availability.objective * 100)}% over ${num(slo.availability.windowDays)}d`,
    },
    {
      sli: 'latency_p95',
      alertStem: 'IngestLatencyP95',
      budget: 0.05,
      what: `ingest requests slower than ${num(slo.ingestLatency.p95Ms)} ms (p95 objective)`,
    },
    {
      sli: 'latency_p99',
      alertStem: 'IngestLatencyP99',
      budget: 0.01,
      what: `ingest requests slower than ${num(slo.ingestLatency.p99Ms)} ms (p99 objective)`,
    },
  ];
}

/** "14.4" → "14_4x": alert names cannot carry a dot. */
function factorName(factor: number): string {
  return `${num(factor).replace('.', '_')}x`;
}

export function burnRateAlertName(sli: BudgetedSli, tier: BurnRateTier): string {
  return `${sli.alertStem}BurnRate${factorName(tier.factor)}`;
}

/** The error-ratio threshold of a tier: burn factor x budget. */
export function burnThreshold(sli: BudgetedSli, tier: BurnRateTier): number {
  return Number((tier.factor * sli.budget).toPrecision(12));
}

export function burnRateAlerts(slo: Slo): RuleGroup {
  const rules: AlertingRule[] = [];
  for (const sli of budgetedSlis(slo)) {
    for (const tier of burnRateTiers) {
      const threshold = num(burnThreshold(sli, tier));
      rules.push({
        alert: burnRateAlertName(sli, tier),
        expr: `${errorRatioRule(sli.sli, tier.long)} > ${threshold} and ${errorRatioRule(sli.sli, tier.short)} > ${threshold}`,
        for: tier.for,
        labels: { severity: tier.severity, slo: sli.sli, long_window: tier.long, short_window: tier.short },
        annotations: {
          summary: `Ingest ${sli.sli} error budget burning at ${num(tier.factor)}x or faster`,
          description: `The fraction of ${sli.what} is above ${threshold} (${num(tier.factor)}x the budget of ${num(sli.budget)}) over both ${tier.long} and ${tier.short}. At this rate the budget is gone in ${num((slo.availability.windowDays * 24) / tier.factor)}h.`,
        },
      });
    }
  }
  return { name: 'headroom-slo-burn-rate', rules };
}

/** How long a non-draining backlog must persist before the queue alert fires. */
export const queueGrowingFor = '10m';
/** The autoscaler decides every few tens of seconds; ten minutes without one means it is stuck. */
export const decisionStaleSeconds = 600;

export function operationalAlerts(slo: Slo): RuleGroup {
  return {
    name: 'headroom-operations',
    rules: [
      {
        // Growing AND already more than the workers drain within the queue-wait SLO: a
        // short burst the workers absorb does not page anyone.
        alert: 'DocumentQueueGrowing',
        expr: `deriv(${r.queueWaitingMax}[10m]) > 0 and ${r.queueWaitingMax} > ${r.queueBacklogBudget}`,
        for: queueGrowingFor,
        labels: { severity: 'page' },
        annotations: {
          summary: 'The documents queue keeps growing beyond what the workers drain in time',
          description: `Waiting jobs have grown for ${queueGrowingFor} and exceed what the workers complete in ${num(slo.queueWait.seconds)} s (the queue-wait SLO). Scale the workers or check for stuck jobs.`,
        },
      },
      {
        alert: 'AutoscalerFailingStatic',
        // A labelled prom-client counter is born at its first inc() (value 1), which
        // increase() cannot see: a series that did not exist 10 minutes ago counts too.
        expr: `sum by (namespace, target) (increase(${m.autoscalerFailStatic}[10m])) > 0 or sum by (namespace, target) (${m.autoscalerFailStatic} unless ${m.autoscalerFailStatic} offset 10m) > 0`,
        labels: { severity: 'ticket' },
        annotations: {
          summary: 'The predictive autoscaler failed static in the last 10 minutes',
          description:
            'The autoscaler could not read Prometheus, forecast or patch the HPA and left the HPA as it was (see the fail_static reason label and its logs). The reactive HPA still scales.',
        },
      },
      {
        alert: 'AutoscalerDecisionsStale',
        expr: `time() - max by (namespace, target) (${m.autoscalerLastDecision}) > ${decisionStaleSeconds}`,
        labels: { severity: 'ticket' },
        annotations: {
          summary: 'The predictive autoscaler has not decided for 10 minutes',
          description: `No decision for more than ${decisionStaleSeconds} s: the controller is stuck, lost its lease or cannot run. The HPA keeps its last minReplicas.`,
        },
      },
    ],
  };
}
