import type { Forecaster, Series } from './forecaster.ts';
import { coverage, mae, mase, pinballLoss, rmse, smape } from './accuracy.ts';
import { dayMs, stepsPer, weekMs } from './calendar.ts';
import { seasonalNaive } from './seasonal-naive.ts';

export interface BacktestOptions {
  /** Steps ahead scored at each origin. */
  horizon: number;
  /** How many forecast origins (cut-off points) to score. */
  origins?: number;
  /** Steps between origins; default spreads them over the last week (or day) of history. */
  stride?: number;
  quantiles?: number[];
  /** Seasonal period (steps) of the seasonal-naive reference for MASE; default one day. */
  period?: number;
}

/** Backtest accuracy. NaN (null in JSON) when the history is too short to score. */
export interface Accuracy {
  origins: number;
  horizon: number;
  /** Scored (origin, step) pairs with an observed actual. */
  points: number;
  /** Period (steps) of the seasonal-naive reference. */
  period: number;
  mae: number;
  rmse: number;
  /** Percent, 0..200. */
  smape: number;
  /** MAE over the in-sample seasonal-naive MAE (classic MASE); < 1 beats seasonal naive. */
  mase: number;
  /** MAE of seasonal naive on the very same origins, and this model's MAE relative to it. */
  seasonalNaiveMae: number;
  relativeMae: number;
  /** Per quantile: pinball loss and the share of actuals at or below the forecast. */
  pinball: Record<string, number>;
  coverage: Record<string, number>;
}

export function defaultPeriod(series: Series): number {
  return stepsPer(series, dayMs) ?? 1;
}

/**
 * Forecast origins for a rolling-origin backtest, oldest first: `origins` cut-offs ending
 * `horizon` before the end, spread over the last week (with three weeks of history) or the
 * last day, so weekdays, nights and weekends all get scored. Each keeps `minTrain` points.
 */
export function backtestCutoffs(
  series: Series,
  horizon: number,
  origins: number,
  minTrain: number,
  stride?: number,
): number[] {
  const n = series.values.length;
  const week = stepsPer(series, weekMs);
  const span = stepsPer(series, week !== undefined && n >= 3 * week ? weekMs : dayMs) ?? horizon * origins;
  const step = Math.max(1, stride ?? Math.max(horizon, Math.floor(span / origins)));
  const cutoffs: number[] = [];
  for (let k = 0; k < origins; k++) {
    const cutoff = n - horizon - k * step;
    if (cutoff < minTrain) break;
    cutoffs.push(cutoff);
  }
  return cutoffs.reverse();
}

/**
 * Rolling-origin backtest: for each cut-off, fit on the history before it and forecast the
 * next `horizon` steps, then score against what happened. Nothing after a cut-off is seen.
 */
export function backtestForecaster(forecaster: Forecaster, series: Series, opts: BacktestOptions): Accuracy {
  const horizon = opts.horizon;
  const quantiles = [...new Set([0.5, ...(opts.quantiles ?? [0.5, 0.9])])].sort((a, b) => a - b);
  const period = opts.period ?? defaultPeriod(series);
  const cutoffs = backtestCutoffs(series, horizon, opts.origins ?? 12, Math.max(3, period + 1), opts.stride);

  const actual: Array<number | null> = [];
  const byQuantile = new Map<number, number[]>(quantiles.map((q) => [q, []]));
  const naive: number[] = [];
  const reference = seasonalNaive(period);
  for (const cutoff of cutoffs) {
    const train: Series = { ...series, values: series.values.slice(0, cutoff) };
    const forecast = forecaster.fit(train).predict(horizon, quantiles);
    const naiveForecast = reference.fit(train).predict(horizon, [0.5]);
    for (let h = 0; h < horizon; h++) {
      actual.push(series.values[cutoff + h]);
      for (const q of quantiles) byQuantile.get(q)!.push(forecast.points[h].quantiles[String(q)]);
      naive.push(naiveForecast.points[h].quantiles['0.5']);
    }
  }
  const point = byQuantile.get(0.5)!;
  const insample = series.values.slice(0, cutoffs[0] ?? 0);
  const naiveMae = mae(actual, naive);
  const pinball: Record<string, number> = {};
  const covered: Record<string, number> = {};
  for (const q of quantiles) {
    pinball[String(q)] = round(pinballLoss(actual, byQuantile.get(q)!, q));
    covered[String(q)] = round(coverage(actual, byQuantile.get(q)!));
  }
  return {
    origins: cutoffs.length,
    horizon,
    points: actual.filter((a) => a !== null).length,
    period,
    mae: round(mae(actual, point)),
    rmse: round(rmse(actual, point)),
    smape: round(smape(actual, point)),
    mase: round(mase(actual, point, insample, period)),
    seasonalNaiveMae: round(naiveMae),
    relativeMae: round(mae(actual, point) / naiveMae),
    pinball,
    coverage: covered,
  };
}

function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 10_000) / 10_000 : NaN;
}
