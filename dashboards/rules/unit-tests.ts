import type { Slo } from '../../common/slo.ts';
import { metricNames as m } from '../../common/metric-names.ts';
import {
  budgetedSlis,
  burnRateAlertName,
  burnRateTiers,
  burnThreshold,
  decisionStaleSeconds,
  type BudgetedSli,
} from './alerts.ts';
import { ingestLatencyRoute } from './names.ts';
import { num } from './promql.ts';
import type { AlertingRule, RuleFile } from './types.ts';
import { isAlert } from './types.ts';

/**
 * promtool unit tests (`promtool test rules`) for every alert: each alert gets a series that
 * must fire it (with its exact labels and annotations) and one that must leave it quiet.
 * Generated, because the thresholds come from the SLO file: the input series are built from
 * the threshold (1.5x above it to fire, 0.7x to stay quiet), so a rule whose threshold or
 * windows drift from the SLO fails here.
 */

interface InputSeries {
  series: string;
  values: string;
}

interface ExpectedAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}

interface AlertCheck {
  eval_time: string;
  alertname: string;
  exp_alerts: ExpectedAlert[];
}

interface TestCase {
  name: string;
  interval: string;
  input_series: InputSeries[];
  alert_rule_test: AlertCheck[];
}

export interface PromtoolTestFile {
  /** File name under dashboards/rules/tests/ (without .yml). */
  name: string;
  doc: {
    rule_files: string[];
    evaluation_interval: string;
    tests: TestCase[];
  };
}

/** A counter growing by `perMinute` for `minutes` one-minute samples. */
function counter(perMinute: number, minutes: number): string {
  return `0+${num(perMinute)}x${minutes}`;
}

const perMinute = 1000;
const minutes = 60;
// Past the longest `for:` (30m) with every window equal to the constant ratio.
const evalAt = '45m';

function fired(rule: AlertingRule, extra: Record<string, string> = {}): ExpectedAlert {
  return { exp_labels: { ...rule.labels, ...extra }, exp_annotations: rule.annotations };
}

/** Bad-request series at ratio `ratio` of the traffic for one SLI. */
function sliInput(sli: BudgetedSli, slo: Slo, ratio: number, via: 'throttled' | '5xx'): InputSeries[] {
  const bad = perMinute * ratio;
  const good = perMinute - bad;
  if (sli.sli === 'availability') {
    const accepted = { series: `${m.documentsReceived}{outcome="accepted"}`, values: counter(good, minutes) };
    if (via === 'throttled') {
      return [
        accepted,
        { series: `${m.documentsReceived}{outcome="throttled"}`, values: counter(bad, minutes) },
      ];
    }
    return [
      accepted,
      {
        series: `${m.httpRequestDuration}_count{route="${ingestLatencyRoute}", method="POST", status_class="5xx"}`,
        values: counter(bad, minutes),
      },
    ];
  }
  const thresholdMs = sli.sli === 'latency_p95' ? slo.ingestLatency.p95Ms : slo.ingestLatency.p99Ms;
  const labels = `route="${ingestLatencyRoute}", method="POST", status_class="2xx"`;
  return [
    { series: `${m.httpRequestDuration}_count{${labels}}`, values: counter(perMinute, minutes) },
    {
      series: `${m.httpRequestDuration}_bucket{${labels}, le="${num(thresholdMs / 1000)}"}`,
      values: counter(good, minutes),
    },
  ];
}

function burnRateTests(slo: Slo, alerts: Map<string, AlertingRule>): TestCase[] {
  const tests: TestCase[] = [];
  for (const sli of budgetedSlis(slo)) {
    for (const tier of burnRateTiers) {
      const name = burnRateAlertName(sli, tier);
      const rule = alerts.get(name);
      if (!rule) throw new Error(`no rule rendered for ${name}`);
      const threshold = burnThreshold(sli, tier);
      const high = Math.min(0.99, threshold * 1.5);
      // Alternate the availability error kind so both terms of the ratio are exercised.
      const via = tier.factor >= 6 ? '5xx' : 'throttled';
      tests.push({
        name: `${name} fires at ${num(high)} bad`,
        interval: '1m',
        input_series: sliInput(sli, slo, high, via),
        alert_rule_test: [{ eval_time: evalAt, alertname: name, exp_alerts: [fired(rule)] }],
      });
      tests.push({
        name: `${name} stays quiet at ${num(threshold * 0.7)} bad`,
        interval: '1m',
        input_series: sliInput(sli, slo, threshold * 0.7, via),
        alert_rule_test: [{ eval_time: evalAt, alertname: name, exp_alerts: [] }],
      });
    }
  }
  // The short window resets a page: a burst that stopped 20 minutes ago still fills the 1h
  // window, yet the 5m window is clean, so the fast-burn page must already be quiet.
  const sli = budgetedSlis(slo)[0]!;
  const tier = burnRateTiers[0]!;
  const name = burnRateAlertName(sli, tier);
  const bad = Math.min(0.99, burnThreshold(sli, tier) * 3) * perMinute;
  tests.push({
    name: `${name} resets when the burn stops (short window clean)`,
    interval: '1m',
    input_series: [
      { series: `${m.documentsReceived}{outcome="accepted"}`, values: counter(perMinute - bad, 80) },
      {
        series: `${m.documentsReceived}{outcome="throttled"}`,
        values: `0+${num(bad)}x59 ${num(bad * 60)}+0x20`,
      },
    ],
    alert_rule_test: [
      { eval_time: '50m', alertname: name, exp_alerts: [fired(alerts.get(name)!)] },
      { eval_time: '80m', alertname: name, exp_alerts: [] },
    ],
  });
  return tests;
}

function operationalTests(slo: Slo, alerts: Map<string, AlertingRule>): TestCase[] {
  const queue = alerts.get('DocumentQueueGrowing');
  const failStatic = alerts.get('AutoscalerFailingStatic');
  const stale = alerts.get('AutoscalerDecisionsStale');
  if (!queue || !failStatic || !stale) throw new Error('operational alerts missing');
  const waiting = `${m.queueJobs}{queue="documents", state="waiting"}`;
  // Workers complete 60 jobs/min = 1/s, so the backlog budget is queueWait.seconds jobs.
  const completed = {
    series: `${m.jobs}{queue="documents", outcome="completed"}`,
    values: counter(60, minutes),
  };
  const budgetJobs = slo.queueWait.seconds;
  const target = { target: 'headroom/processor-worker' };
  const failSeries = `${m.autoscalerFailStatic}{target="${target.target}", reason="prometheus"}`;
  const decision = `${m.autoscalerLastDecision}{target="${target.target}"}`;
  const staleAfterMinutes = Math.ceil(decisionStaleSeconds / 60);
  return [
    {
      name: 'DocumentQueueGrowing fires when the backlog grows past what workers drain in time',
      interval: '1m',
      input_series: [completed, { series: waiting, values: counter(budgetJobs, minutes) }],
      alert_rule_test: [{ eval_time: '30m', alertname: 'DocumentQueueGrowing', exp_alerts: [fired(queue)] }],
    },
    {
      name: 'DocumentQueueGrowing stays quiet while a growing backlog is still small',
      interval: '1m',
      input_series: [completed, { series: waiting, values: counter(budgetJobs / 60, minutes) }],
      alert_rule_test: [{ eval_time: '30m', alertname: 'DocumentQueueGrowing', exp_alerts: [] }],
    },
    {
      name: 'DocumentQueueGrowing stays quiet while a large backlog drains',
      interval: '1m',
      input_series: [
        completed,
        { series: waiting, values: `${num(budgetJobs * 100)}-${num(budgetJobs)}x${minutes}` },
      ],
      alert_rule_test: [{ eval_time: '30m', alertname: 'DocumentQueueGrowing', exp_alerts: [] }],
    },
    {
      name: 'AutoscalerFailingStatic fires after a fail-static event and clears 10 minutes later',
      interval: '1m',
      input_series: [{ series: failSeries, values: '0 0 0 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1' }],
      alert_rule_test: [
        { eval_time: '6m', alertname: 'AutoscalerFailingStatic', exp_alerts: [fired(failStatic, target)] },
        { eval_time: '20m', alertname: 'AutoscalerFailingStatic', exp_alerts: [] },
      ],
    },
    {
      name: 'AutoscalerFailingStatic fires when the counter series is born at its first event',
      interval: '1m',
      input_series: [{ series: failSeries, values: '_ _ _ _ 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1' }],
      alert_rule_test: [
        { eval_time: '6m', alertname: 'AutoscalerFailingStatic', exp_alerts: [fired(failStatic, target)] },
        { eval_time: '20m', alertname: 'AutoscalerFailingStatic', exp_alerts: [] },
      ],
    },
    {
      name: 'AutoscalerFailingStatic stays quiet without fail-static events',
      interval: '1m',
      input_series: [{ series: failSeries, values: '0x25' }],
      alert_rule_test: [{ eval_time: '20m', alertname: 'AutoscalerFailingStatic', exp_alerts: [] }],
    },
    {
      name: 'AutoscalerDecisionsStale fires when decisions stop',
      interval: '1m',
      // Decides every minute (value = the decision time), then stops at 5m.
      input_series: [{ series: decision, values: `0+60x5 300x${staleAfterMinutes + 15}` }],
      alert_rule_test: [
        {
          eval_time: `${staleAfterMinutes + 10}m`,
          alertname: 'AutoscalerDecisionsStale',
          exp_alerts: [fired(stale, target)],
        },
      ],
    },
    {
      name: 'AutoscalerDecisionsStale stays quiet while decisions keep coming',
      interval: '1m',
      input_series: [{ series: decision, values: `0+60x${staleAfterMinutes + 15}` }],
      alert_rule_test: [
        { eval_time: `${staleAfterMinutes + 10}m`, alertname: 'AutoscalerDecisionsStale', exp_alerts: [] },
      ],
    },
  ];
}

/** The promtool test files for the given rule files, which live at `rulesDir` relative to the tests. */
export function promtoolTests(slo: Slo, files: RuleFile[], rulesDir: string): PromtoolTestFile[] {
  const alerts = new Map<string, AlertingRule>();
  for (const file of files) {
    for (const group of file.groups) {
      for (const rule of group.rules) if (isAlert(rule)) alerts.set(rule.alert, rule);
    }
  }
  const ruleFilePaths = files.map((f) => `${rulesDir}/${f.name}.rules.yml`);
  const doc = (tests: TestCase[]) => ({ rule_files: ruleFilePaths, evaluation_interval: '1m', tests });
  return [
    { name: 'slo-burn-rate', doc: doc(burnRateTests(slo, alerts)) },
    { name: 'operations', doc: doc(operationalTests(slo, alerts)) },
  ];
}

/** Alert names a test file expects to fire, and those it expects to stay quiet. */
export function coveredAlerts(files: PromtoolTestFile[]): { fires: Set<string>; quiet: Set<string> } {
  const fires = new Set<string>();
  const quiet = new Set<string>();
  for (const file of files) {
    for (const test of file.doc.tests) {
      for (const check of test.alert_rule_test) {
        (check.exp_alerts.length > 0 ? fires : quiet).add(check.alertname);
      }
    }
  }
  return { fires, quiet };
}
