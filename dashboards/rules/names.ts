/**
 * Names the rules define and others read: the recording rules (dashboards, the autoscaler and
 * `headroom review` query these instead of repeating the PromQL), the scrape job names the
 * rules rely on, and the capacity gauge `headroom review` exposes.
 * Renaming one is a breaking change, like a metric name.
 */

/** Scrape job names: the local Prometheus (scripts/services.d/prometheus.sh) and Kubernetes use these. */
export const scrapeJobs = {
  api: 'processor-api',
  worker: 'processor-worker',
  autoscaler: 'autoscaler',
} as const;

/** The ingest routes (Fastify route patterns) whose requests count against the ingest SLOs. */
export const ingestRoutesRegex = '/v1/documents|/v1/documents/batch';
/** Latency SLO is on single-document ingest: a batch request carries many documents by design. */
export const ingestLatencyRoute = '/v1/documents';

/**
 * Gauge `headroom review` exposes from the last load-test capacity search: the highest
 * documents/s ONE worker pod sustained with every SLO met (`maxPassingRate / workers.replicas`).
 * Labels: `target` (what was measured). The capacity-review dashboard multiplies it by the
 * ready worker pods to draw measured capacity next to demand.
 */
export const capacityMaxRateMetric = 'headroom_capacity_max_rate';

/** The error-budget windows of the multiwindow, multi-burn-rate alerts (SRE workbook, ch. 5). */
export const burnWindows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type BurnWindow = (typeof burnWindows)[number];

/** The SLIs with an error budget: availability and the two ingest-latency objectives. */
export const sliNames = ['availability', 'latency_p95', 'latency_p99'] as const;
export type SliName = (typeof sliNames)[number];

/** Recording rule name of an SLI's error ratio over a window. */
export function errorRatioRule(sli: SliName, window: BurnWindow | string): string {
  return `headroom:ingest_${sli}_errors:ratio_rate${window}`;
}

export const recordingRules = {
  /** Documents accepted per second (arrival rate; the autoscaler's demand signal). */
  documentsAcceptedRate1m: 'headroom:documents_accepted:rate1m',
  /** Documents received per second by outcome. */
  documentsReceivedRate1m: 'headroom:documents_received:rate1m',
  /** Accepted documents per second over 5 m: the smoother series trend panels use. */
  documentsAcceptedRate5m: 'headroom:documents_accepted:rate5m',
  /** Jobs completed per second, all workers. */
  jobsCompletedRate1m: 'headroom:jobs_completed:rate1m',
  /** Worker pods Prometheus currently scrapes successfully. */
  workerPodsReady: 'headroom:worker_pods:ready',
  /** Jobs completed per second per ready worker pod (observed per-pod processing rate). */
  jobsCompletedPerPodRate1m: 'headroom:jobs_completed_per_pod:rate1m',
  /** Waiting jobs in the documents queue (max over API replicas: each reports the same queue). */
  queueWaitingMax: 'headroom:queue_waiting:max',
  /** Jobs in the documents queue by state. */
  queueJobsMax: 'headroom:queue_jobs:max',
  /** Waiting jobs the workers can drain within the queue-wait SLO at the current completion rate. */
  queueBacklogBudget: 'headroom:queue_backlog_budget:jobs',
  ingestLatencyP95: 'headroom:ingest_latency_seconds:p95_5m',
  ingestLatencyP99: 'headroom:ingest_latency_seconds:p99_5m',
  endToEndP95: 'headroom:end_to_end_seconds:p95_5m',
  /** Measured capacity of the ready worker pods, documents/s (capacity gauge x ready pods). */
  capacityTotal: 'headroom:capacity:documents_per_second',
  /** Fraction of the availability error budget left over the SLO window (1 = untouched). */
  availabilityBudgetRemaining: 'headroom:ingest_availability_error_budget:remaining',
} as const;
