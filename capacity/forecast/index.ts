/** The forecasting API the CLI, the autoscaler and the review import. */
export type { Series, Forecast, ForecastPoint, FittedModel, Forecaster } from './forecaster.ts';
export { perSecondRates } from './forecaster.ts';
export { seasonalNaive } from './seasonal-naive.ts';
export { holtWinters, type HoltWintersOptions } from './holt-winters.ts';
export { linearTrend } from './linear-trend.ts';
export { flat } from './flat.ts';
export {
  ensemble,
  selectModel,
  defaultCandidates,
  type EnsembleOptions,
  type Selection,
} from './ensemble.ts';
export { detectPeriods, type Period } from './periodicity.ts';
export { mae, rmse, smape, mase, pinballLoss, coverage, seasonalNaiveScale } from './accuracy.ts';
export { backtestForecaster, type Accuracy, type BacktestOptions } from './backtest.ts';
export {
  forecastSeries,
  forecasterByName,
  modelNames,
  type ModelName,
  type ForecastResult,
  type ForecastSeriesOptions,
} from './forecast-series.ts';
export { prepare, fillGaps, hampel, type Prepared } from './prepare.ts';
export { parseDuration, parseHorizon, parseQuantiles } from './duration.ts';
export { maxRangePoints, queryRangeSeries, type PrometheusRangeQuery } from './prometheus-source.ts';
export { forecastChart, quantileKey } from './chart.ts';
