import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundled, synthesize, synthesizeWithMeans } from '../../capacity/traces/generate.ts';
import { meanAwareForecaster } from './mean-aware.ts';

test('the generator gives the trace it always gave, with the means it drew each interval around', () => {
  const opts = { ...bundled.bursty, steps: 2016 };
  const { series, means, baselines } = synthesizeWithMeans(opts);
  assert.deepEqual(series, synthesize(opts));
  const inBurst = means.filter((m, i) => m > baselines[i] * 1.5).length;
  // Two bursts a day of 2 to 9 five-minute steps: about 11 of each day's 288.
  assert.ok(inBurst > 20 && inBurst < 150, `${inBurst} of 2016 intervals in a burst`);
  assert.ok(means.every((m, i) => m >= baselines[i]));
  // The counts scatter around the means by the noise the options give, no more.
  const relative = series.values.map((v, i) => ((v as number) - means[i]) / means[i]);
  const sd = Math.sqrt(relative.reduce((s, r) => s + r * r, 0) / relative.length);
  assert.ok(sd > 0.05 && sd < 0.12, `relative scatter ${sd}`);
});

test('the mean-aware reference forecasts the mean after the history, with the noise as its quantiles', () => {
  const trace = { start: 0, stepMs: 300_000, values: [100, 100, 100, 100] };
  const baselines = [100, 200, 400, 100];
  // Replayed at 3x: 400 arrivals in 300 s are 4/s.
  const forecaster = meanAwareForecaster(trace, baselines, 0.05, 3);
  const points = forecaster.fit({ ...trace, values: trace.values.slice(0, 2) }).predict(2, [0.5, 0.9]).points;
  assert.deepEqual(
    points.map((p) => [p.timestamp, p.quantiles['0.5']]),
    [
      [600_000, 4],
      [900_000, 1],
    ],
  );
  // p90: 1.28 standard deviations of 5 % and of Poisson noise on 400 counts (5 %) above.
  const sd = Math.sqrt(0.05 ** 2 + 1 / 400);
  assert.ok(
    Math.abs(points[0].quantiles['0.9'] - 4 * (1 + 1.2816 * sd)) < 1e-3,
    String(points[0].quantiles['0.9']),
  );
});
