/**
 * npm run bench:autoscaler — the issue-6 goal on the bundled traces with daily cycles and
 * bursts: predictive vs the reactive HPA (violation minutes cut, pod-hours ratio) and vs the
 * oracle measured in the same run (the lower bound on pod-hours at zero violations).
 *
 * The traces are replayed at 100× their arrivals (tens to hundreds of documents/s) with pods
 * of 5 documents/s, so a pod's service time is short next to the 10 s queue-wait SLO.
 * The controller decides every 15 s (the HPA's sync period) on a 15 s measured rate (the burst
 * detector: never plan below what is arriving now), and its floor comes down after 60 s of
 * lower plans (the HPA's own 300 s scale-down window still holds the pods it runs); a backlog
 * is drained within 30 s rather than the whole horizon.
 * Each trace also runs once with the clairvoyant reference (a forecast read from the trace
 * ahead): not a goal row, it shows what the controller costs when the forecast is never wrong.
 * And at each quantile with the mean-aware reference (the mean each interval was drawn from,
 * known from the trace generator, with the noise's own quantiles): the best any model could
 * do, so a goal it misses is out of the model's reach.
 * Env: BENCH_MODEL (default auto), BENCH_QUANTILE (comma list, default 0.5,0.75,0.9: the
 * floor's quantile is the cost/violation trade-off), BENCH_TRACES (comma list of bundled names).
 */
import path from 'node:path';
import { backtestTrace, defaultSafety } from '../backtest/index.ts';
import type { ModelName, Series } from '../../capacity/forecast/index.ts';
import { readTrace } from '../../capacity/trace/index.ts';
import { bundled, synthesizeWithMeans } from '../../capacity/traces/generate.ts';
import { repoRoot } from '../../common/paths.ts';
import { loadSlo } from '../../common/slo.ts';
import { clairvoyantForecaster } from './clairvoyant.ts';
import { meanAwareForecaster } from './mean-aware.ts';

const slo = loadSlo();
const names = (process.env.BENCH_TRACES ?? 'bursty,daily-weekly').split(',');
const model = (process.env.BENCH_MODEL ?? 'auto') as ModelName;
const quantiles = (process.env.BENCH_QUANTILE ?? '0.5,0.75,0.9').split(',');
const goal = { cut: 0.8, vsReactive: 1.1, vsOracle: 1.15 };
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

const scale = 100;
const settings = {
  serviceRatePerPod: 5,
  scale,
  startupSeconds: 60,
  tickSeconds: 5,
  intervalSeconds: 15,
  observedRateWindowSeconds: 15,
  drainSeconds: 30,
  slo: { seconds: slo.queueWait.seconds, percentile: slo.queueWait.percentile },
  model,
  hpaMetric: 'utilisation',
  minReplicas: 1,
  maxReplicas: 1000,
  safety: { ...defaultSafety, scaleDownStabilisationSeconds: 60 },
} as const;

/** The mean-aware reference, for a bundled trace the generator still reproduces. */
function meanAware(name: string, series: Series) {
  const opts = bundled[name];
  if (!opts) return [];
  const generated = synthesizeWithMeans(opts);
  if (generated.series.values.some((v, i) => v !== series.values[i])) {
    console.log(`${name}.csv differs from what its generator makes: no mean-aware reference`);
    return [];
  }
  return [meanAwareForecaster(series, generated.baselines, opts.noise, scale)];
}

let allMet = true;
const summary: string[] = [];
for (const name of names) {
  const file = path.join(repoRoot, 'capacity', 'traces', `${name}.csv`);
  const { series } = await readTrace(file);
  const stepSeconds = series.stepMs / 1000;
  const rates = { ...series, values: series.values.map((v) => ((v ?? 0) * scale) / stepSeconds) };
  const floors = [
    ...quantiles.map((quantile) => ({
      quantile,
      label: `p${Number(quantile) * 100}`,
      forecaster: undefined,
    })),
    // Not a goal row: the same controller with a forecast that is never wrong.
    { quantile: '0.5', label: 'clairvoyant', forecaster: clairvoyantForecaster(rates) },
    ...meanAware(name, series).flatMap((forecaster) =>
      quantiles.map((quantile) => ({ quantile, label: `mean-aware p${Number(quantile) * 100}`, forecaster })),
    ),
  ];
  for (const { quantile, label, forecaster } of floors) {
    const started = Date.now();
    const run = backtestTrace(series, { ...settings, quantile }, forecaster);
    const { reactive, predictive, oracle } = run.policies;
    const cut =
      reactive.violationMinutes > 0 ? 1 - predictive.violationMinutes / reactive.violationMinutes : 1;
    const vsReactive = predictive.podHours / reactive.podHours;
    const vsOracle = predictive.podHours / oracle.podHours;
    const met = cut >= goal.cut && vsReactive <= goal.vsReactive && vsOracle <= goal.vsOracle;
    if (!forecaster) allMet &&= met;
    console.log(
      `\n${name}.csv (${series.values.length} intervals, ${forecaster ? `${label}: ${forecaster.name}` : `model ${model}, ${label} floor`}, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    console.log(
      `  ${'policy'.padEnd(11)} ${'violation min'.padStart(13)} ${'pod-hours'.padStart(10)} ${'scale events'.padStart(12)}`,
    );
    for (const [policy, r] of Object.entries(run.policies)) {
      console.log(
        `  ${policy.padEnd(11)} ${String(r.violationMinutes).padStart(13)} ${String(r.podHours).padStart(10)} ${String(r.scaleEvents).padStart(12)}`,
      );
    }
    console.log(`  violation minutes cut vs reactive : ${pct(cut)}  (goal ≥ ${pct(goal.cut)})`);
    console.log(`  pod-hours vs reactive             : ${pct(vsReactive)}  (goal ≤ ${pct(goal.vsReactive)})`);
    console.log(
      `  pod-hours vs oracle (same run)    : ${pct(vsOracle)}  (goal ≤ ${pct(goal.vsOracle)}; reactive is at ${pct(reactive.podHours / oracle.podHours)})`,
    );
    console.log(forecaster ? '  a reference, not a goal row' : `  goal ${met ? 'met' : 'NOT met'}`);
    summary.push(
      `| ${name} | ${forecaster ? `${label} (reference)` : label} | ${pct(cut)} ${mark(cut >= goal.cut)} | ${pct(vsReactive)} ${mark(vsReactive <= goal.vsReactive)} | ${pct(vsOracle)} ${mark(vsOracle <= goal.vsOracle)} | ${pct(reactive.podHours / oracle.podHours)} |`,
    );
  }
}
console.log(
  '\n| trace | floor | violation-minute cut vs reactive (≥ 80 %) | pod-hours vs reactive (≤ 110 %) | pod-hours vs oracle (≤ 115 %) | reactive vs oracle |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const line of summary) console.log(line);
console.log(`\n${allMet ? 'all goals met' : 'goal not met on every trace (see above)'}`);
