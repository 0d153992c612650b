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

test('per-second rates are cleaned like the counts they stand for', () => {
  const { series } = cleanDaily();
  const counts = { ...series, values: series.values.slice() };
  // A 1.5x spike at the last day's peak, where the hours around it are level: ten
  // counting-noise sigmas in counts per hour.
  const lastDay = counts.values.slice(-24) as number[];
  const peak = counts.values.length - 24 + lastDay.indexOf(Math.max(...lastDay));
  counts.values[peak] = (counts.values[peak] as number) * 1.5;
  const perSecond = (countsPerValue?: number): Series => ({
    ...counts,
    values: counts.values.map((v) => (v as number) / 3600),
    countsPerValue,
  });
  const fromCounts = prepare(counts);
  assert.ok(fromCounts.outliers >= 1, `${fromCounts.outliers} outliers in counts`);
  assert.equal(prepare(perSecond(3600)).outliers, fromCounts.outliers);
  // Read as counts, a rate of a few per second is all counting noise: the spike stayed.
  assert.equal(prepare(perSecond()).outliers, 0);
});

test('a one-off burst is not forecast to come back the next day at the same time', () => {
  // Four days on 15-minute steps; on the last one traffic runs at 2.5x from 10:00 for 90
  // minutes (six steps, longer than the Hampel window).
  const { series, opts } = dailyWeekly({ steps: 4 * 96, weekendFactor: 1, trendPerWeek: 0 });
  const burstAt = series.values.length - 96 + 40; // 10:00 on the last day
  const burst = {
    ...series,
    values: series.values.map((v, i) => (i >= burstAt && i < burstAt + 6 ? (v as number) * 2.5 : v)),
  };
  const prepared = prepare(burst);
  assert.ok(
    prepared.notes.some((n) => /one-off bursts or dips/.test(n)),
    prepared.notes.join('; '),
  );
  const forecast = seasonalNaive('daily').fit(burst).predict(96, [0.5]);
  // Seasonal naive copies yesterday: unfiltered it would forecast the burst again at 10:00.
  for (let h = 40; h < 46; h++) {
    const got = forecast.points[h].quantiles['0.5'];
    const truth = expectedValue(opts, forecast.points[h].timestamp);
    assert.ok(got < truth * 1.4, `10:00 + ${h - 40} steps: forecast ${got}, expected about ${truth}`);
  }
  // The weekend is a step for whole days, not a burst: a weekly trace keeps its weekends.
  const weekly = dailyWeekly().series;
  const kept = prepare(weekly);
  const changed = kept.values.filter((v, i) => Math.abs(v - (weekly.values[i] as number)) > 1e-9).length;
  assert.ok(changed < weekly.values.length * 0.01, `${changed} of ${weekly.values.length} points changed`);
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
