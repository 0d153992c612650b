import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedValue } from '../traces/generate.ts';
import {
  detectPeriods,
  forecastSeries,
  holtWinters,
  linearTrend,
  seasonalNaive,
  selectModel,
  type Forecast,
  type Series,
} from './index.ts';
import { cleanDaily, dailyWeekly, hour } from './test-series.ts';

function mape(forecast: Forecast, truth: (t: number) => number): number {
  const errors = forecast.points.map(
    (p) => Math.abs(p.quantiles['0.5'] - truth(p.timestamp)) / truth(p.timestamp),
  );
  return errors.reduce((s, e) => s + e, 0) / errors.length;
}

test('the period detector finds the day and the week, and nothing in noise', () => {
  const { series } = dailyWeekly();
  assert.deepEqual(
    detectPeriods(series)
      .map((p) => p.steps)
      .sort((a, b) => a - b),
    [96, 672],
  );
  const { series: daily } = cleanDaily();
  assert.deepEqual(
    detectPeriods(daily).map((p) => p.steps),
    [24],
  );
  assert.deepEqual(detectPeriods({ start: 0, stepMs: hour, values: noise(500) }), []);
});

test('seasonal naive repeats the last season exactly', () => {
  const values = Array.from({ length: 30 }, (_, i) => [5, 9, 2][i % 3] + 0);
  const forecast = seasonalNaive(3).fit({ start: 0, stepMs: 1000, values }).predict(5, [0.5, 0.9]);
  assert.deepEqual(
    forecast.points.map((p) => p.quantiles['0.5']),
    [5, 9, 2, 5, 9],
  );
  // No error in history: the interval collapses onto the point forecast.
  assert.deepEqual(
    forecast.points.map((p) => p.quantiles['0.9']),
    [5, 9, 2, 5, 9],
  );
  assert.equal(forecast.points[0].timestamp, 30_000);
});

test('Holt-Winters (additive and multiplicative) recovers the level and the daily shape', () => {
  const { series, opts } = cleanDaily();
  for (const seasonality of ['additive', 'multiplicative'] as const) {
    const forecast = holtWinters({ seasonality }).fit(series).predict(24, [0.5, 0.9]);
    assert.equal(forecast.model, `holt-winters-${seasonality}/24`);
    const error = mape(forecast, (t) => expectedValue(opts, t));
    assert.ok(error < 0.05, `${seasonality}: MAPE ${error} against the true daily curve`);
    const p50 = forecast.points.map((p) => p.quantiles['0.5']);
    const truth = forecast.points.map((p) => expectedValue(opts, p.timestamp));
    // Daytime plateau (~base, 400) and night (~nightFloor × base, 60): the mean of the four
    // highest and four lowest hours, so one noisy hour does not decide.
    const extremes = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const mean = (xs: number[]) => xs.reduce((sum, x) => sum + x, 0) / xs.length;
      return { low: mean(sorted.slice(0, 4)), high: mean(sorted.slice(-4)) };
    };
    const got = extremes(p50);
    const want = extremes(truth);
    assert.ok(Math.abs(got.high - want.high) / want.high < 0.05, `day ${got.high} vs ${want.high}`);
    assert.ok(Math.abs(got.low - want.low) / want.low < 0.1, `night ${got.low} vs ${want.low}`);
    for (const p of forecast.points) assert.ok(p.quantiles['0.9'] >= p.quantiles['0.5']);
  }
});

/** Uniform noise in [-1, 1) from a fixed LCG: no period for the detector to find. */
function noise(length: number): number[] {
  let state = 7;
  return Array.from({ length }, () => ((state = (state * 48271) % 2147483647) / 2147483647) * 2 - 1);
}

test('Holt-Winters on 5-minute steps forecasts the daily shape, not the noise of the first day', () => {
  // Each of a day's 288 five-minute steps is one noisy sample; a seasonal shape taken from them
  // as they were kept that noise in every forecast (the fitted gamma is small): a day-ahead
  // forecast jagged by 4-5 % of its volume step to step, and one step ahead it did worse than
  // the last value.
  const { series, opts } = dailyWeekly({ stepMs: 5 * 60_000, steps: 3 * 288, drift: { sd: 0, phi: 0 } });
  for (const seasonality of ['additive', 'multiplicative'] as const) {
    const points = holtWinters({ seasonality }).fit(series).predict(288, [0.5]).points;
    const truth = points.map((p) => expectedValue(opts, p.timestamp));
    const forecast = points.map((p) => p.quantiles['0.5']);
    let extraMovement = 0;
    for (let i = 1; i < points.length; i++) {
      extraMovement += Math.abs(forecast[i] - forecast[i - 1]) - Math.abs(truth[i] - truth[i - 1]);
    }
    const volume = truth.reduce((s, v) => s + v, 0);
    assert.ok(
      extraMovement / volume < 0.015,
      `${seasonality}: moves ${((100 * extraMovement) / volume).toFixed(1)} % of the volume more than the truth`,
    );
  }
});

test('linear trend recovers the slope', () => {
  const jitter = noise(200);
  const values = jitter.map((e, i) => 10 + 2 * i + e);
  const forecast = linearTrend().fit({ start: 0, stepMs: 60_000, values }).predict(10, [0.5]);
  forecast.points.forEach((p, h) => {
    const truth = 10 + 2 * (200 + h);
    assert.ok(Math.abs(p.quantiles['0.5'] - truth) < 1.5, `step ${h + 1}: ${p.quantiles['0.5']} vs ${truth}`);
  });
});

test('auto chooses a seasonal model on seasonal data and a trend model on a ramp', () => {
  const { series } = dailyWeekly({ steps: 3 * 672 });
  const seasonal = selectModel(series, 4);
  assert.match(
    seasonal.chosen.name,
    /holt-winters-(additive|multiplicative)\/(96|672)|seasonal-naive\/(96|672)/,
  );
  assert.ok(seasonal.scores.length >= 5);
  const ramp: Series = { start: 0, stepMs: hour, values: noise(300).map((e, i) => 50 + i + e) };
  const trend = selectModel(ramp, 6);
  assert.match(trend.chosen.name, /linear-trend|holt-winters-additive\/1/);
});

test('goal: one hour ahead on daily+weekly traffic, MASE ≤ 0.8 and p90 coverage in [0.85, 0.95]', () => {
  const { series } = dailyWeekly();
  const result = forecastSeries(series, { horizon: 4, quantiles: [0.5, 0.9], origins: 60 });
  const a = result.accuracy;
  assert.equal(a.origins, 60);
  assert.ok(a.mase <= 0.8, `MASE ${a.mase}`);
  assert.ok(a.relativeMae < 1, `MAE vs seasonal naive on the same origins ${a.relativeMae}`);
  assert.ok(a.coverage['0.9'] >= 0.85 && a.coverage['0.9'] <= 0.95, `p90 coverage ${a.coverage['0.9']}`);
  assert.equal(result.forecast.points.length, 4);
  assert.equal(result.forecast.points[0].timestamp, series.start + series.values.length * series.stepMs);
});
