/**
 * npm run bench:forecast — accuracy per model on the bundled synthetic traces (one hour
 * ahead, rolling origins over the last week) and fit time per 10k points, each model's time
 * printed next to seasonal naive's (the cheapest possible fit) measured in the same run.
 * `--json` prints one JSON document instead of the tables.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  backtestForecaster,
  forecastSeries,
  holtWinters,
  linearTrend,
  seasonalNaive,
  type Accuracy,
  type Forecaster,
} from '../forecast/index.ts';
import { readTrace } from '../trace/index.ts';
import { bundled, synthesize, tracesDir } from '../traces/generate.ts';

const json = process.argv.includes('--json');
const horizon = 12; // one hour of 5-minute steps
const origins = 48;
const quantiles = [0.5, 0.9];
const log = (line: string) => process.stderr.write(`${line}\n`);

const models: Forecaster[] = [
  seasonalNaive('daily'),
  seasonalNaive('weekly'),
  holtWinters({ seasonality: 'additive' }),
  holtWinters({ seasonality: 'multiplicative' }),
  linearTrend(),
];

interface Row {
  trace: string;
  model: string;
  accuracy: Accuracy;
}

const rows: Row[] = [];
for (const trace of ['daily-weekly', 'bursty', 'sample-demand']) {
  const { series } = await readTrace(path.join(tracesDir, `${trace}.csv`));
  for (const model of models) {
    log(`accuracy: ${trace} ${model.name}`);
    rows.push({
      trace,
      model: model.name,
      accuracy: backtestForecaster(model, series, { horizon, origins, quantiles }),
    });
  }
  // auto: chooses on the history (its own rolling origins), then the chosen model is
  // backtested on the same 48 origins as the others.
  log(`accuracy: ${trace} auto`);
  const auto = forecastSeries(series, { horizon, quantiles, origins });
  rows.push({ trace, model: `auto → ${auto.model}`, accuracy: auto.accuracy });
}

// Fit time per 10k points: fit + a one-hour forecast with intervals, median of 3 runs.
const tenK = synthesize({ ...bundled['daily-weekly'], steps: 10_000 });
const timeOf = (forecaster: Forecaster) => {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    // A fresh copy per run: the preparation cache must not make later runs look cheaper.
    const series = { ...tenK, values: tenK.values.slice() };
    const started = performance.now();
    forecaster.fit(series).predict(horizon, quantiles);
    runs.push(performance.now() - started);
  }
  return runs.sort((a, b) => a - b)[1];
};
const timings = [
  ...models,
  {
    name: 'auto',
    fit: (s: typeof tenK) => ({
      name: 'auto',
      predict: (h: number, q: number[]) =>
        forecastSeries(s, { horizon: h, quantiles: q, origins: 0 }).forecast,
    }),
  },
].map((model) => {
  log(`timing: ${model.name}`);
  return { model: model.name, ms: timeOf(model as Forecaster) };
});
const ceiling = timings[0].ms;

const goalRow = rows.find((r) => r.trace === 'daily-weekly' && r.model.startsWith('auto'))!;
const goal = {
  mase: goalRow.accuracy.mase,
  p90Coverage: goalRow.accuracy.coverage['0.9'],
  pass:
    goalRow.accuracy.mase <= 0.8 &&
    goalRow.accuracy.coverage['0.9'] >= 0.85 &&
    goalRow.accuracy.coverage['0.9'] <= 0.95,
};

if (json) {
  process.stdout.write(
    `${JSON.stringify({ horizon, origins, rows, timings, ceiling: { model: timings[0].model, ms: ceiling }, goal }, null, 2)}\n`,
  );
} else {
  const out: string[] = [];
  out.push(`accuracy, ${horizon} steps (1 h) ahead, ${origins} rolling origins over the last week`);
  out.push(
    ['trace', 'model', 'MASE', 'MAE/naive', 'sMAPE%', 'p50 cov', 'p90 cov', 'p90 pinball']
      .map((h, i) => h.padEnd(i === 1 ? 48 : i === 0 ? 14 : 11))
      .join(''),
  );
  for (const r of rows) {
    const a = r.accuracy;
    out.push(
      [
        r.trace,
        r.model,
        a.mase,
        a.relativeMae,
        a.smape,
        a.coverage['0.5'],
        a.coverage['0.9'],
        a.pinball['0.9'],
      ]
        .map((v, i) =>
          String(typeof v === 'number' ? v.toFixed(3) : v).padEnd(i === 1 ? 48 : i === 0 ? 14 : 11),
        )
        .join(''),
    );
  }
  out.push('');
  out.push(`fit + forecast time per 10k points (median of 3), ceiling = ${timings[0].model} in this run`);
  for (const t of timings)
    out.push(
      `${t.model.padEnd(36)}${t.ms.toFixed(1).padStart(9)} ms   ${(t.ms / ceiling).toFixed(1)}× ceiling`,
    );
  out.push('');
  out.push(
    `issue-5 goal (daily-weekly, auto, 1 h ahead): MASE ${goal.mase} ≤ 0.8, p90 coverage ${goal.p90Coverage} in [0.85, 0.95]: ${goal.pass ? 'PASS' : 'FAIL'}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}
