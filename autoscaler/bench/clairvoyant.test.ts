import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clairvoyantForecaster } from './clairvoyant.ts';

test('the clairvoyant reference predicts what comes after the history it is given, at every quantile', () => {
  const rates = { start: 1_000_000, stepMs: 300_000, values: [1, 2, 3, 4, 5, 6] };
  const forecaster = clairvoyantForecaster(rates);
  const forecast = forecaster.fit({ ...rates, values: rates.values.slice(0, 3) }).predict(2, [0.5, 0.9]);
  assert.deepEqual(
    forecast.points.map((p) => [p.timestamp, p.quantiles]),
    [
      [1_900_000, { '0.5': 4, '0.9': 4 }],
      [2_200_000, { '0.5': 5, '0.9': 5 }],
    ],
  );
  // A trailing window of history (as the backtest refits on) ends at the same place.
  const window = { start: rates.start + rates.stepMs, stepMs: rates.stepMs, values: [2, 3] };
  assert.equal(forecaster.fit(window).predict(1, [0.5]).points[0].quantiles['0.5'], 4);
  // Past the end of the trace there is nothing to read: no arrivals.
  const end = forecaster.fit(rates).predict(1, [0.5]);
  assert.equal(end.points[0].quantiles['0.5'], 0);
});
