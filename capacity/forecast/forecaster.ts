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
  /**
   * Arrivals one unit of a value stands for: 1 (the default) when values count arrivals per
   * interval, as a trace does; the step in seconds for per-second rates (exact when the rate's
   * window is the step). Fitting tells counting noise from spikes, which needs counts.
   */
  countsPerValue?: number;
}

/** A series of per-second rates, marked as standing for a step's worth of arrivals each. */
export function perSecondRates(series: Series): Series {
  return { ...series, countsPerValue: series.stepMs / 1000 };
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
