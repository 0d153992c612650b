import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coverage, mae, mase, pinballLoss, rmse, seasonalNaiveScale, smape } from './index.ts';

const close = (actual: number, expected: number, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected}`);

test('MAE, RMSE and sMAPE match hand-computed values and skip gaps', () => {
  const actual = [10, 20, null, 40];
  const forecast = [12, 17, 999, 40];
  close(mae(actual, forecast), 5 / 3);
  close(rmse(actual, forecast), Math.sqrt(13 / 3));
  close(smape(actual, forecast), (100 * (4 / 22 + 6 / 37 + 0)) / 3);
  close(smape([0], [0]), 0);
  assert.throws(() => mae([1, 2], [1]), /length mismatch/);
});

test('MASE scales by the in-sample seasonal-naive error', () => {
  // Period 2: in-sample |y_t - y_{t-2}| = |3-1|, |4-2|, |5-3| = 2 each → scale 2.
  const insample = [1, 2, 3, 4, 5];
  close(seasonalNaiveScale(insample, 2), 2);
  close(mase([10, 10], [11, 7], insample, 2), 2 / 2);
});

test('pinball loss and coverage of quantile forecasts', () => {
  const actual = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const p90 = new Array(10).fill(9);
  close(coverage(actual, p90), 0.9);
  // Under-forecasts (10 vs 9) cost q·1 = 0.9; over-forecasts cost (1-q)·(9-a).
  const expected = (0.9 * 1 + 0.1 * (8 + 7 + 6 + 5 + 4 + 3 + 2 + 1 + 0)) / 10;
  close(pinballLoss(actual, p90, 0.9), expected);
  close(pinballLoss([5], [5], 0.5), 0);
});
