import { DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Slo } from '../../common/slo.ts';
import { metricNames as m } from '../../common/metric-names.ts';
import { capacityMaxRateMetric, errorRatioRule, recordingRules as r } from '../rules/names.ts';
import { sloWindow } from '../rules/recording.ts';
import { datasourceVariable, namespaceVariable, q, stat, timeseries } from './kit.ts';

const ns = '{namespace=~"$namespace"}';
const demand = `${r.documentsAcceptedRate5m}${ns}`;
const capacity = `${r.capacityTotal}${ns}`;

/**
 * The capacity review: how much we take today, how much we can take (measured by the last
 * load-test capacity search, exported by the autoscaler as headroom_capacity_max_rate),
 * what the forecast says, and when the two lines meet.
 */
export function capacityReviewDashboard(slo: Slo): DashboardBuilder {
  const window = sloWindow(slo);
  return new DashboardBuilder('Headroom / Capacity review')
    .uid('headroom-capacity-review')
    .description('Demand against measured capacity, forecast, time to saturation and the SLO error budget.')
    .tags(['headroom', 'capacity'])
    .refresh('1m')
    .time({ from: 'now-7d', to: 'now' })
    .timezone('browser')
    .readonly()
    .withVariable(datasourceVariable())
    .withVariable(namespaceVariable())
    .withRow(new RowBuilder('Demand and capacity'))
    .withPanel(
      timeseries({
        title: 'Demand vs measured capacity',
        description:
          'Accepted documents/s (5 m rate) against the capacity of the ready worker pods: the per-pod rate the last capacity search sustained with every SLO met (headroom_capacity_max_rate) x ready pods.',
        unit: 'suffix: docs/s',
        min: 0,
        width: 16,
        queries: [q(demand, 'demand'), q(capacity, 'measured capacity')],
      }),
    )
    .withPanel(
      stat({
        title: 'Headroom',
        description:
          'Share of the measured capacity still unused: 1 - demand / capacity. Below 20 % it is time to add pods.',
        unit: 'percentunit',
        width: 8,
        height: 8,
        thresholdsAscending: true,
        thresholds: [
          { value: 0.2, color: 'orange' },
          { value: 0.4, color: 'green' },
        ],
        queries: [q(`1 - ${demand} / ${capacity}`, 'headroom')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Per-pod rate vs measured per-pod capacity',
        description:
          'Jobs completed per ready worker pod against the per-pod capacity the capacity search measured.',
        unit: 'suffix: docs/s',
        min: 0,
        queries: [
          q(`${r.jobsCompletedPerPodRate1m}${ns}`, 'observed per pod'),
          q(`max(${capacityMaxRateMetric}${ns})`, 'measured capacity per pod'),
        ],
      }),
    )
    .withPanel(
      stat({
        title: 'Days until capacity runs out',
        description:
          'At the current 1-day trend of demand, days until it meets the measured capacity (capped at 365: flat or falling demand never runs out).',
        unit: 'd',
        width: 12,
        height: 8,
        thresholdsAscending: true,
        thresholds: [
          { value: 14, color: 'orange' },
          { value: 60, color: 'green' },
        ],
        queries: [
          q(
            `clamp_max(clamp_min((${capacity} - ${demand}) / clamp_min(deriv(${demand}[1d]), 1e-9) / 86400, 0), 365)`,
            'days',
          ),
        ],
      }),
    )
    .withRow(new RowBuilder('Forecast and SLO'))
    .withPanel(
      timeseries({
        title: 'Forecast vs actual demand',
        description:
          "Accepted documents/s against the autoscaler's latest forecast over its decision horizon (pod start-up + interval): the peak median (quantile 0.5) and the band between its lowest and highest quantile.",
        unit: 'suffix: docs/s',
        min: 0,
        width: 16,
        queries: [
          q(`${r.documentsAcceptedRate1m}${ns}`, 'actual'),
          // One series per horizon step would be dozens of lines: the peak over the decision
          // horizon is what the planner sizes for.
          q(
            `max by (target) (${m.autoscalerForecast}{namespace=~"$namespace", quantile="0.5"})`,
            '{{target}} forecast p50',
          ),
          q(`min by (target) (${m.autoscalerForecast}${ns})`, '{{target}} forecast low'),
          q(`max by (target) (${m.autoscalerForecast}${ns})`, '{{target}} forecast high'),
        ],
      }),
    )
    .withPanel(
      stat({
        title: 'SLO error budget remaining',
        description: `Share of the availability error budget (objective ${slo.availability.objective} over ${window}) not yet spent.`,
        unit: 'percentunit',
        width: 8,
        height: 8,
        max: 1,
        thresholdsAscending: true,
        thresholds: [
          { value: 0.25, color: 'orange' },
          { value: 0.5, color: 'green' },
        ],
        queries: [q(`${r.availabilityBudgetRemaining}${ns}`, 'remaining')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Error ratio vs budget (availability)',
        description: `Failed or throttled ingest share over 1 h and 6 h; dashed line: the budget (1 - ${slo.availability.objective}).`,
        unit: 'percentunit',
        min: 0,
        width: 24,
        thresholds: [{ value: Number((1 - slo.availability.objective).toPrecision(12)), color: 'red' }],
        queries: [
          q(`${errorRatioRule('availability', '1h')}${ns}`, '1h'),
          q(`${errorRatioRule('availability', '6h')}${ns}`, '6h'),
        ],
      }),
    );
}
