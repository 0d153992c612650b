import { DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Slo } from '../../common/slo.ts';
import { metricNames as m } from '../../common/metric-names.ts';
import { recordingRules as r } from '../rules/names.ts';
import { decisionStaleSeconds } from '../rules/alerts.ts';
import { datasourceVariable, instanceVariable, namespaceVariable, q, stat, timeseries } from './kit.ts';

const scope = 'namespace=~"$namespace", instance=~"$instance"';

/** What the predictive autoscaler saw, wanted and did. */
export function autoscalerDashboard(slo: Slo): DashboardBuilder {
  return new DashboardBuilder('Headroom / Autoscaler')
    .uid('headroom-autoscaler')
    .description(
      'The predictive autoscaler: forecast vs actual, desired vs ready replicas, decisions and fail-static events.',
    )
    .tags(['headroom', 'autoscaler'])
    .refresh('30s')
    .time({ from: 'now-6h', to: 'now' })
    .timezone('browser')
    .readonly()
    .withVariable(datasourceVariable())
    .withVariable(namespaceVariable())
    .withVariable(instanceVariable(m.autoscalerLastDecision))
    .withRow(new RowBuilder('Forecast and replicas'))
    .withPanel(
      timeseries({
        title: 'Forecast vs actual arrival rate',
        description:
          'Accepted documents/s against the forecast the autoscaler made, per horizon and quantile.',
        unit: 'suffix: docs/s',
        min: 0,
        queries: [
          q(`${r.documentsAcceptedRate1m}{namespace=~"$namespace"}`, 'actual'),
          // Peak over the horizon steps per quantile: what the planner sizes for.
          q(`max by (target, quantile) (${m.autoscalerForecast}{${scope}})`, '{{target}} q{{quantile}}'),
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Desired replicas by source vs ready',
        description:
          'Replicas the predictive planner wants, what the reactive HPA would do, what was applied (HPA minReplicas), and the worker pods Prometheus sees ready.',
        unit: 'short',
        min: 0,
        queries: [
          q(`${m.autoscalerDesiredReplicas}{${scope}}`, '{{target}} {{source}}'),
          q(`${r.workerPodsReady}{namespace=~"$namespace"}`, 'ready'),
        ],
      }),
    )
    .withRow(new RowBuilder('Decisions'))
    .withPanel(
      timeseries({
        title: 'Decisions',
        description:
          'Decisions the controller took per 5 minutes (each one updates the last-decision timestamp).',
        unit: 'short',
        min: 0,
        width: 8,
        queries: [q(`changes(${m.autoscalerLastDecision}{${scope}}[5m])`, '{{target}}')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Fail-static events',
        description:
          'Times the autoscaler left the HPA untouched because Prometheus, the forecast or the API server failed, by reason (increase per interval).',
        unit: 'short',
        min: 0,
        width: 8,
        queries: [
          q(
            `sum by (target, reason) (increase(${m.autoscalerFailStatic}{${scope}}[$__rate_interval]))`,
            '{{target}} {{reason}}',
          ),
        ],
      }),
    )
    .withPanel(
      stat({
        title: 'Seconds since last decision',
        description: `How long ago the controller last decided; the AutoscalerDecisionsStale alert fires above ${decisionStaleSeconds} s.`,
        unit: 's',
        width: 8,
        height: 8,
        thresholds: [{ value: decisionStaleSeconds, color: 'red' }],
        queries: [q(`time() - max by (target) (${m.autoscalerLastDecision}{${scope}})`, '{{target}}')],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Queue waiting vs drain budget',
        description: `Waiting jobs against what the workers complete within the queue-wait SLO (${slo.queueWait.seconds} s): above the budget, the queue-wait SLO is at risk.`,
        unit: 'short',
        min: 0,
        width: 24,
        queries: [
          q(`${r.queueWaitingMax}{namespace=~"$namespace"}`, 'waiting'),
          q(`${r.queueBacklogBudget}{namespace=~"$namespace"}`, 'drain budget'),
        ],
      }),
    );
}
