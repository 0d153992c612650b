import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedValue } from '../traces/generate.ts';
import { ensemble, holtWinters, mae, prepare, seasonalNaive, type Series } from './index.ts';
import { cleanDaily, dailyWeekly } from './test-series.ts';

const horizon = 24;
function p50(series: Series, forecaster = holtWinters()): number[] {
  return forecaster
    .fit(series)
    .predict(horizon, [0.5, 0.9])
    .points.map((p) => p.quantiles['0.5']);
}

test('gaps (blank values and a long outage) are filled for fitting, reported, and barely hurt', () => {
  const { series, opts } = cleanDaily();
  const holed = { ...series, values: series.values.slice() };
  for (let i = 50; i < holed.values.length; i += 7) holed.values[i] = null; // 14 % scattered
  for (let i = 300; i < 318; i++) holed.values[i] = null; // an 18-hour outage
  holed.values[holed.values.length - 1] = null; // and the very last interval
  const forecast = holtWinters().fit(holed).predict(horizon, [0.5, 0.9]);
  assert.ok(
    forecast.notes.some((n) => /missing interval\(s\) filled/.test(n)),
    forecast.notes.join('; '),
  );
  const truth = forecast.points.map((p) => expectedValue(opts, p.timestamp));
  const clean = mae(truth, p50(series));
  const withGaps = mae(
    truth,
    forecast.points.map((p) => p.quantiles['0.5']),
  );
  assert.ok(withGaps < clean * 1.5 + 2, `MAE with gaps ${withGaps} vs without ${clean}`);
});

test('a spike is tamed for fitting (Hampel) and does not lift the forecast', () => {
  const { series } = cleanDaily();
  const spiked = { ...series, values: series.values.slice() };
  const last = spiked.values.length - 1;
  // A 10x spike one day before the end, exactly where the next day's forecast looks back.
  spiked.values[last - 23] = (spiked.values[last - 23] as number) * 10;
  const prepared = prepare(spiked);
  assert.equal(prepared.outliers >= 1, true);
  assert.ok(prepared.notes.some((n) => /Hampel/.test(n)));
  const clean = p50(series, seasonalNaive(24));
  const got = p50(spiked, seasonalNaive(24));
  // Unfiltered, seasonal naive would repeat the spike itself (10x); filtered it repeats a
  // neighbour-median, within the noise of the clean forecast.
  const spike = spiked.values[last - 23] as number;
  assert.ok(
    got[0] < spike / 4 && got[0] < clean[0] * 2,
    `first step ${got[0]} (clean ${clean[0]}, spike ${spike})`,
  );
});

test('a level shift is detected and the forecast follows the new level', () => {
  const { series, opts } = cleanDaily({ steps: 28 * 24 });
  const shiftAt = series.values.length - 6 * 24; // traffic doubles six days before the end
  const shifted = { ...series, values: series.values.map((v, i) => (i >= shiftAt ? (v as number) * 2 : v)) };
  const prepared = prepare(shifted);
  assert.ok(prepared.levelShift, 'level shift not detected');
  assert.ok(Math.abs(prepared.levelShift.ratio - 2) < 0.2, `ratio ${prepared.levelShift.ratio}`);
  assert.ok(
    Math.abs(prepared.levelShift.index - shiftAt) <= 12,
    `at ${prepared.levelShift.index}, not ${shiftAt}`,
  );
  const forecast = seasonalNaive('weekly').fit(shifted).predict(horizon, [0.5]);
  assert.ok(
    forecast.notes.some((n) => /level shift ×(1\.[89]|2\.[01])\d/.test(n)),
    forecast.notes.join('; '),
  );
  // A weekly naive forecast would repeat the old level; after rescaling it repeats the new one.
  const truth = forecast.points.map((p) => 2 * expectedValue(opts, p.timestamp));
  const error = mae(
    truth,
    forecast.points.map((p) => p.quantiles['0.5']),
  );
  assert.ok(error / (truth.reduce((s, v) => s + v, 0) / truth.length) < 0.1, `MAE ${error}`);
  // No false alarm on the weekly cycle itself.
  assert.equal(prepare(dailyWeekly().series).levelShift, undefined);
});

test('cold start: says how little history there is and falls back', () => {
  const tiny = ensemble()
    .fit({ start: 0, stepMs: 300_000, values: [4, 6] })
    .predict(3, [0.5, 0.9]);
  assert.match(tiny.notes.join('; '), /only 2 point\(s\): flat forecast/);
  assert.deepEqual(
    tiny.points.map((p) => p.quantiles['0.5']),
    [6, 6, 6],
  );
  // No forecast errors to learn from yet: the band comes from step-to-step changes, not zero.
  assert.ok(tiny.points[0].quantiles['0.9'] > 6, `p90 ${tiny.points[0].quantiles['0.9']}`);
  const { series } = cleanDaily({ steps: 30 }); // 30 hourly points: less than two days
  const short = ensemble().fit(series).predict(6, [0.5, 0.9]);
  assert.match(short.notes.join('; '), /cold start: 30 hour\(s\) of history, less than two days/);
  assert.equal(short.points.length, 6);
  const hw = holtWinters({ period: 24 }).fit(series).predict(6, [0.5]);
  assert.match(hw.notes.join('; '), /less than two seasons of 1 day\(s\)/);
});
