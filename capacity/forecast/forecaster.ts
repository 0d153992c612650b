/**
 * The forecasting seam: every model (seasonal naive, Holt-Winters, linear trend, ensemble)
 * implements this, and the autoscaler and the review only ever see this interface.
 */

/** A regular time series; `null` is a gap (a missing interval), never a zero. */
export interface Series {
  /** Unix milliseconds of the first value. */
  start: number;
  /** Interval between values, milliseconds. */
  stepMs: number;
  values: Array<number | null>;
}

export interface ForecastPoint {
  /** Unix milliseconds. */
  timestamp: number;
  /** Quantile (e.g. 0.5, 0.9) to value. */
  quantiles: Record<string, number>;
}

export interface Forecast {
  model: string;
  stepMs: number;
  points: ForecastPoint[];
  /** Plain-words caveats (cold start, gaps filled, level shift detected). */
  notes: string[];
}

export interface FittedModel {
  readonly name: string;
  /** Predicts `horizon` steps after the end of the fitted series at the given quantiles. */
  predict(horizon: number, quantiles: number[]): Forecast;
}

export interface Forecaster {
  readonly name: string;
  fit(series: Series): FittedModel;
}
