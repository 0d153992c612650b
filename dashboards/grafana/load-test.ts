import { DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Slo } from '../../common/slo.ts';
import { metricNames as m } from '../../common/metric-names.ts';
import { ingestRoutesRegex, recordingRules as r } from '../rules/names.ts';
import { datasourceVariable, labelVariable, namespaceVariable, q, stat, timeseries } from './kit.ts';

/**
 * k6 pushes with `-o experimental-prometheus-rw` and these trend stats (the load-test runner
 * must set them, or the latency panels stay empty): series k6_http_req_duration_p95 / _p99 /
 * _avg, in seconds.
 */
export const k6TrendStats = 'p(95),p(99),avg';

const k6 = 'testid=~"$testid"';
const ns = '{namespace=~"$namespace"}';

/** The load generator's view next to the processor's own, for one k6 run (testid tag). */
export function loadTestDashboard(slo: Slo): DashboardBuilder {
  const p95 = slo.ingestLatency.p95Ms / 1000;
  const p99 = slo.ingestLatency.p99Ms / 1000;
  return new DashboardBuilder('Headroom / Load test')
    .uid('headroom-load-test')
    .description(
      'k6 metrics pushed by remote write (K6_PROMETHEUS_RW_TREND_STATS=' +
        k6TrendStats +
        ') next to the processor metrics.',
    )
    .tags(['headroom', 'loadtest', 'k6'])
    .refresh('5s')
    .time({ from: 'now-30m', to: 'now' })
    .timezone('browser')
    .readonly()
    .withVariable(datasourceVariable())
    .withVariable(namespaceVariable())
    .withVariable(
      labelVariable(
        'testid',
        'k6 test id',
        'label_values(k6_http_reqs_total, testid)',
        'The k6 run (`--tag testid=...`); All when untagged.',
      ),
    )
    .withRow(new RowBuilder('Throughput'))
    .withPanel(
      timeseries({
        title: 'Request rate: k6 vs processor',
        description:
          'Requests/s k6 completed against ingest requests/s the API recorded: a gap means requests lost in between (connection errors, timeouts).',
        unit: 'reqps',
        min: 0,
        queries: [
          q(`sum(rate(k6_http_reqs_total{${k6}}[$__rate_interval]))`, 'k6'),
          q(
            `sum(rate(${m.httpRequestDuration}_count{route=~"${ingestRoutesRegex}", method="POST", namespace=~"$namespace"}[$__rate_interval]))`,
            'processor',
          ),
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Dropped iterations',
        description:
          'Iterations/s k6 could not start because every VU was busy: above zero the target rate was NOT offered, so the step measured less than it claims.',
        unit: 'suffix: iter/s',
        min: 0,
        thresholds: [{ value: 0.001, color: 'red' }],
        queries: [
          // 0 (not empty) while a test runs without drops: k6 only creates the series on the first drop.
          q(
            `sum(rate(k6_dropped_iterations_total{${k6}}[$__rate_interval])) or sum(rate(k6_iterations_total{${k6}}[$__rate_interval])) * 0`,
            'dropped',
          ),
        ],
      }),
    )
    .withRow(new RowBuilder('Latency and errors'))
    .withPanel(
      timeseries({
        title: 'Latency percentiles: k6 vs processor',
        description: `Client-side p95/p99 (k6, includes the network and client queueing) next to the API's ingest p95/p99. Dashed: the SLO (${slo.ingestLatency.p95Ms} / ${slo.ingestLatency.p99Ms} ms).`,
        unit: 's',
        min: 0,
        width: 16,
        thresholds: [
          { value: p95, color: 'orange' },
          { value: p99, color: 'red' },
        ],
        queries: [
          q(`max(k6_http_req_duration_p95{${k6}})`, 'k6 p95'),
          q(`max(k6_http_req_duration_p99{${k6}})`, 'k6 p99'),
          q(`${r.ingestLatencyP95}${ns}`, 'processor p95'),
          q(`${r.ingestLatencyP99}${ns}`, 'processor p99'),
        ],
      }),
    )
    .withPanel(
      stat({
        title: 'Checks passed',
        description: 'Share of k6 checks that passed (status and body assertions of the suite).',
        unit: 'percentunit',
        width: 8,
        height: 8,
        min: 0,
        max: 1,
        thresholdsAscending: true,
        thresholds: [
          { value: 0.99, color: 'orange' },
          { value: 0.999, color: 'green' },
        ],
        queries: [q(`avg(k6_checks_rate{${k6}})`, 'checks')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Failed requests (k6)',
        description: `Share of k6 requests that failed (non-expected status or transport error); dashed: the error-rate objective ${slo.errorRate.max}.`,
        unit: 'percentunit',
        min: 0,
        thresholds: [{ value: slo.errorRate.max, color: 'red' }],
        queries: [q(`avg(k6_http_req_failed_rate{${k6}})`, 'failed')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Virtual users',
        description:
          'VUs k6 had running: climbing to the maximum means the target is slower than the arrival rate needs.',
        unit: 'short',
        min: 0,
        queries: [q(`sum(k6_vus{${k6}})`, 'VUs'), q(`sum(k6_vus_max{${k6}})`, 'max VUs')],
      }),
    );
}
