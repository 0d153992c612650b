import { DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Slo } from '../../common/slo.ts';
import { metricNames as m } from '../../common/metric-names.ts';
import { ingestLatencyRoute, recordingRules as r, scrapeJobs } from '../rules/names.ts';
import { datasourceVariable, instanceVariable, namespaceVariable, q, stat, timeseries } from './kit.ts';

const scope = 'namespace=~"$namespace", instance=~"$instance"';
// Same requests as the latency SLO: single-document ingest.
const ingest = `route="${ingestLatencyRoute}", method="POST", ${scope}`;

function latencyQuantile(quantile: number): string {
  return `histogram_quantile(${quantile}, sum by (le) (rate(${m.httpRequestDuration}_bucket{${ingest}}[$__rate_interval])))`;
}

/** The processor's own view: what came in, how fast it was answered, what the workers did. */
export function processorDashboard(slo: Slo): DashboardBuilder {
  const p95 = slo.ingestLatency.p95Ms / 1000;
  const p99 = slo.ingestLatency.p99Ms / 1000;
  return new DashboardBuilder('Headroom / Processor')
    .uid('headroom-processor')
    .description('The document processor: ingest API, queue and workers, against the SLOs in slo.json.')
    .tags(['headroom', 'processor'])
    .refresh('10s')
    .time({ from: 'now-1h', to: 'now' })
    .timezone('browser')
    .readonly()
    .withVariable(datasourceVariable())
    .withVariable(namespaceVariable())
    .withVariable(instanceVariable('up'))
    .withRow(new RowBuilder('Ingest'))
    .withPanel(
      timeseries({
        title: 'Ingest rate by outcome',
        description:
          'Documents per second received by the API, split by outcome (accepted, duplicate, rejected, throttled).',
        unit: 'suffix: docs/s',
        min: 0,
        queries: [
          q(`sum by (outcome) (rate(${m.documentsReceived}{${scope}}[$__rate_interval]))`, '{{outcome}}'),
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Ingest latency percentiles vs SLO',
        description: `p50/p95/p99 of POST /v1/documents (single-document ingest, the requests the SLO covers) from the API histogram. Dashed lines: the SLO (p95 ${slo.ingestLatency.p95Ms} ms, p99 ${slo.ingestLatency.p99Ms} ms).`,
        unit: 's',
        min: 0,
        thresholds: [
          { value: p95, color: 'orange' },
          { value: p99, color: 'red' },
        ],
        queries: [
          q(latencyQuantile(0.5), 'p50'),
          q(latencyQuantile(0.95), 'p95'),
          q(latencyQuantile(0.99), 'p99'),
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: 'HTTP responses by status class',
        description:
          'Requests per second on every API route by status class: 4xx is bad input or throttling, 5xx is ours.',
        unit: 'reqps',
        min: 0,
        queries: [
          q(
            `sum by (status_class) (rate(${m.httpRequestDuration}_count{${scope}}[$__rate_interval]))`,
            '{{status_class}}',
          ),
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: 'End-to-end latency p95 vs SLO',
        description: `Seconds from 202 Accepted to processed (workers' histogram), p50 and p95. Dashed line: the SLO p95 of ${slo.endToEndLatency.p95Seconds} s.`,
        unit: 's',
        min: 0,
        thresholds: [{ value: slo.endToEndLatency.p95Seconds, color: 'red' }],
        queries: [
          q(
            `histogram_quantile(0.5, sum by (le) (rate(${m.documentEndToEnd}_bucket{${scope}}[$__rate_interval])))`,
            'p50',
          ),
          q(
            `histogram_quantile(0.95, sum by (le) (rate(${m.documentEndToEnd}_bucket{${scope}}[$__rate_interval])))`,
            'p95',
          ),
        ],
      }),
    )
    .withRow(new RowBuilder('Queue and workers'))
    .withPanel(
      timeseries({
        title: 'Queue depth by state',
        description:
          'Jobs in the documents queue by BullMQ state (waiting, active, delayed, failed), as reported by the API.',
        unit: 'short',
        min: 0,
        queries: [q(`${r.queueJobsMax}{namespace=~"$namespace"}`, '{{state}}')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Job duration p95 by stage',
        description: 'p95 seconds per pipeline stage (stage="total" is the whole job) from the workers.',
        unit: 's',
        min: 0,
        queries: [
          q(
            `histogram_quantile(0.95, sum by (stage, le) (rate(${m.jobDuration}_bucket{${scope}}[$__rate_interval])))`,
            '{{stage}}',
          ),
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Jobs by outcome (failures and retries)',
        description:
          'Jobs per second finished by the workers: completed, retried (will run again) and failed (gave up after the last attempt).',
        unit: 'suffix: jobs/s',
        min: 0,
        queries: [q(`sum by (outcome) (rate(${m.jobs}{${scope}}[$__rate_interval]))`, '{{outcome}}')],
      }),
    )
    .withPanel(
      stat({
        title: 'Jobs completed per worker pod',
        description:
          'Observed processing rate per ready worker pod (jobs/s): compare with the measured per-pod capacity.',
        unit: 'suffix: jobs/s',
        width: 12,
        height: 8,
        queries: [q(`${r.jobsCompletedPerPodRate1m}{namespace=~"$namespace"}`, 'per pod')],
      }),
    )
    .withRow(new RowBuilder('Runtime'))
    .withPanel(
      timeseries({
        title: 'Event-loop lag p99',
        description:
          'Node.js event-loop lag (p99, seconds) per process: above ~100 ms the API answers late whatever the load.',
        unit: 's',
        min: 0,
        thresholds: [{ value: 0.1, color: 'red' }],
        queries: [
          q(
            `nodejs_eventloop_lag_p99_seconds{job=~"${scrapeJobs.api}|${scrapeJobs.worker}", ${scope}}`,
            '{{job}} {{instance}}',
          ),
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Memory (resident set)',
        description: 'Resident memory per process: a steady climb under steady load is a leak.',
        unit: 'bytes',
        min: 0,
        queries: [
          q(
            `process_resident_memory_bytes{job=~"${scrapeJobs.api}|${scrapeJobs.worker}", ${scope}}`,
            '{{job}} {{instance}}',
          ),
        ],
      }),
    );
}
