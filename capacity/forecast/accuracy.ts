/**
 * Accuracy measures. Every function takes aligned arrays and skips pairs whose actual is a
 * gap (null), so a backtest over a trace with holes still scores what was observed.
 */

type Actuals = ReadonlyArray<number | null>;

function pairs(actual: Actuals, forecast: readonly number[]): Array<[number, number]> {
  if (actual.length !== forecast.length)
    throw new Error(`length mismatch: ${actual.length} vs ${forecast.length}`);
  const out: Array<[number, number]> = [];
  actual.forEach((a, i) => {
    if (a !== null && Number.isFinite(forecast[i])) out.push([a, forecast[i]]);
  });
  return out;
}

function mean(values: number[]): number {
  return values.length === 0 ? NaN : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Mean absolute error. */
export function mae(actual: Actuals, forecast: readonly number[]): number {
  return mean(pairs(actual, forecast).map(([a, f]) => Math.abs(a - f)));
}

/** Root mean squared error. */
export function rmse(actual: Actuals, forecast: readonly number[]): number {
  return Math.sqrt(mean(pairs(actual, forecast).map(([a, f]) => (a - f) ** 2)));
}

/** Symmetric MAPE in percent (0..200); a pair where both are zero counts as a perfect 0. */
export function smape(actual: Actuals, forecast: readonly number[]): number {
  return (
    100 *
    mean(
      pairs(actual, forecast).map(([a, f]) =>
        a === 0 && f === 0 ? 0 : (2 * Math.abs(a - f)) / (Math.abs(a) + Math.abs(f)),
      ),
    )
  );
}

/**
 * In-sample MAE of the seasonal-naive forecast (y[t] predicted by y[t-m]): the scale of
 * MASE. Below 1 means better than repeating the last season.
 */
export function seasonalNaiveScale(insample: Actuals, period: number): number {
  const diffs: number[] = [];
  for (let t = period; t < insample.length; t++) {
    const now = insample[t];
    const before = insample[t - period];
    if (now !== null && before !== null) diffs.push(Math.abs(now - before));
  }
  return mean(diffs);
}

/** Mean absolute scaled error against the in-sample seasonal-naive forecast of period m. */
export function mase(
  actual: Actuals,
  forecast: readonly number[],
  insample: Actuals,
  period: number,
): number {
  return mae(actual, forecast) / seasonalNaiveScale(insample, period);
}

/** Pinball (quantile) loss of a forecast of quantile q. */
export function pinballLoss(actual: Actuals, forecast: readonly number[], q: number): number {
  return mean(pairs(actual, forecast).map(([a, f]) => Math.max(q * (a - f), (q - 1) * (a - f))));
}

/** Share of actuals at or below a quantile forecast: a good p90 covers about 0.9. */
export function coverage(actual: Actuals, forecast: readonly number[]): number {
  return mean(pairs(actual, forecast).map(([a, f]) => (a <= f ? 1 : 0)));
}
