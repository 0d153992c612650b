import { InputError } from '../../common/errors.ts';
import type { Forecast, Forecaster, Series } from './forecaster.ts';
import { backtestForecaster, type Accuracy } from './backtest.ts';
import { selectModel } from './ensemble.ts';
import { flat } from './flat.ts';
import { holtWinters } from './holt-winters.ts';
import { linearTrend } from './linear-trend.ts';
import { seasonalNaive } from './seasonal-naive.ts';

/** Models selectable by name (the CLI's --model). */
export const modelNames = [
  'auto',
  'seasonal-naive-daily',
  'seasonal-naive-weekly',
  'holt-winters-additive',
  'holt-winters-multiplicative',
  'linear-trend',
  'flat',
] as const;
export type ModelName = (typeof modelNames)[number];

export function forecasterByName(name: Exclude<ModelName, 'auto'>): Forecaster {
  switch (name) {
    case 'seasonal-naive-daily':
      return seasonalNaive('daily');
    case 'seasonal-naive-weekly':
      return seasonalNaive('weekly');
    case 'holt-winters-additive':
      return holtWinters({ seasonality: 'additive' });
    case 'holt-winters-multiplicative':
      return holtWinters({ seasonality: 'multiplicative' });
    case 'linear-trend':
      return linearTrend();
    case 'flat':
      return flat();
  }
}

export interface ForecastSeriesOptions {
  /** Steps after the last input point. */
  horizon: number;
  quantiles?: number[];
  model?: ModelName | Forecaster;
  /** Origins of the accuracy backtest (0 skips it). */
  origins?: number;
  /** Hears what is being done, a line at a time (choosing, fitting, backtesting). */
  onProgress?: (message: string) => void;
}

export interface ForecastResult {
  forecast: Forecast;
  /** The model that made the forecast (for auto: the one it chose). */
  model: string;
  /** Rolling-origin backtest of that model at the same horizon. */
  accuracy: Accuracy;
}

/**
 * The one call the CLI, the autoscaler and the review use: choose (or take) a model, fit it
 * on the whole series, forecast `horizon` steps with quantiles, and backtest the same model
 * on the history to say how far to trust it.
 */
export function forecastSeries(series: Series, opts: ForecastSeriesOptions): ForecastResult {
  if (!Number.isInteger(opts.horizon) || opts.horizon < 1) {
    throw new InputError(`horizon must be a whole number of steps ≥ 1, got ${opts.horizon}`);
  }
  const quantiles = opts.quantiles ?? [0.5, 0.9];
  for (const q of quantiles) {
    if (!(q > 0 && q < 1)) throw new InputError(`quantile ${q} is not between 0 and 1`);
  }
  const requested = opts.model ?? 'auto';
  let forecaster: Forecaster;
  const notes: string[] = [];
  if (requested === 'auto') {
    const selection = selectModel(series, opts.horizon, { onProgress: opts.onProgress });
    forecaster = selection.chosen;
    notes.push(...selection.notes);
  } else if (typeof requested === 'string') {
    if (!modelNames.includes(requested)) {
      throw new InputError(`unknown model "${requested}" (known: ${modelNames.join(', ')})`);
    }
    forecaster = forecasterByName(requested);
  } else {
    forecaster = requested;
  }
  opts.onProgress?.(`fitting ${forecaster.name} on ${series.values.length} points`);
  const forecast = forecaster.fit(series).predict(opts.horizon, quantiles);
  const origins = opts.origins ?? 12;
  if (origins > 0) opts.onProgress?.(`backtesting ${forecast.model} over ${origins} origins`);
  const accuracy = backtestForecaster(forecaster, series, { horizon: opts.horizon, origins, quantiles });
  return { forecast: { ...forecast, notes: [...notes, ...forecast.notes] }, model: forecast.model, accuracy };
}
