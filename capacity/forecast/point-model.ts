import { quantileSorted } from 'simple-statistics';
import type { FittedModel, Forecast, Series } from './forecaster.ts';

/**
 * What every concrete model provides: its point forecast of step t+h made with what it knew
 * after step t. At t = n-1 that is the forecast; earlier origins give in-sample errors per
 * horizon step, from which the intervals are drawn.
 */
export interface PointFit {
  name: string;
  /** Number of fitted values (the series length). */
  n: number;
  /** The first origin whose forecasts mean anything (after initialisation). */
  firstOrigin: number;
  at(origin: number, h: number): number;
}

/** Origins used for the error distributions: about two weeks of 5-minute steps. */
const errorWindow = 4032;

/**
 * Turns a point model into a FittedModel with quantiles. Quantiles come from the empirical
 * distribution of that model's h-step-ahead errors over the recent history, per horizon
 * step h, measured against the raw observations (spikes included, gaps skipped). Errors are
 * taken relative to the forecast level (with a floor of 10 % of the mean), since traffic
 * noise grows with traffic: a fixed-width band would be too wide at night and too narrow
 * at the daily peak. The p50 is the point forecast corrected by the median error.
 */
export function withEmpiricalQuantiles(
  fit: PointFit,
  series: Series,
  notes: string[],
): FittedModel & { pointFit: PointFit } {
  const raw = series.values;
  const observed = raw.filter((v): v is number => v !== null);
  const floor = Math.max(
    1e-9,
    (0.1 * observed.reduce((sum, v) => sum + v, 0)) / Math.max(1, observed.length),
  );
  const scale = (level: number) => Math.max(Math.abs(level), floor);

  const errorsFor = (h: number): number[] => {
    const last = fit.n - 1 - h;
    const first = Math.max(fit.firstOrigin, last - errorWindow + 1);
    const errors: number[] = [];
    for (let t = first; t <= last; t++) {
      const actual = raw[t + h];
      if (actual === null) continue;
      const f = fit.at(t, h);
      if (Number.isFinite(f)) errors.push((actual - f) / scale(f));
    }
    return errors.sort((a, b) => a - b);
  };

  /**
   * With no usable forecast errors at all (cold start), the spread of step-to-step changes,
   * both signs: a random walk's one-step error, so the interval is not falsely zero-wide.
   */
  const stepChanges = (): number[] => {
    const changes: number[] = [];
    for (let i = 1; i < raw.length; i++) {
      const [a, b] = [raw[i - 1], raw[i]];
      if (a !== null && b !== null) changes.push((b - a) / scale(a), (a - b) / scale(a));
    }
    return changes.length > 0 ? changes.sort((x, y) => x - y) : [0];
  };

  return {
    name: fit.name,
    pointFit: fit,
    predict(horizon: number, quantiles: number[]): Forecast {
      const points = [];
      const forecastNotes = [...notes];
      let thin = false;
      let previous: number[] = [];
      for (let h = 1; h <= horizon; h++) {
        let errors = errorsFor(h);
        // Too little history for this step: widen the previous step's errors (random walk).
        if (errors.length < 20) {
          thin = true;
          errors =
            previous.length > 0 ? previous.map((e) => e * Math.sqrt(h / Math.max(1, h - 1))) : stepChanges();
        }
        previous = errors;
        const point = fit.at(fit.n - 1, h);
        const values: Record<string, number> = {};
        for (const q of quantiles) {
          const value = point + quantileSorted(errors, q) * scale(point);
          values[String(q)] = Math.max(0, value);
        }
        points.push({ timestamp: series.start + (fit.n - 1 + h) * series.stepMs, quantiles: values });
      }
      if (thin)
        forecastNotes.push(
          'little history for some horizon steps: intervals extrapolated from shorter steps',
        );
      return { model: fit.name, stepMs: series.stepMs, points, notes: forecastNotes };
    },
  };
}
