import type { Forecaster, Series } from '../../capacity/forecast/index.ts';

/**
 * The shape of the bench's reference forecasters: each "forecast" is read from what it knows
 * about the trace ahead, by interval index. `valueAt(index, quantile)` gives the value of the
 * trace's interval `index` (the first one after the history is the fitted series' end).
 */
export function readAheadForecaster(
  name: string,
  trace: Pick<Series, 'start' | 'stepMs'>,
  valueAt: (index: number, quantile: number) => number,
): Forecaster {
  return {
    name,
    fit(history: Series) {
      const next = Math.round(
        (history.start + history.values.length * history.stepMs - trace.start) / trace.stepMs,
      );
      return {
        name,
        predict(horizon: number, quantiles: number[]) {
          const points = Array.from({ length: horizon }, (_, h) => ({
            timestamp: trace.start + (next + h) * trace.stepMs,
            quantiles: Object.fromEntries(quantiles.map((q) => [String(q), valueAt(next + h, q)])),
          }));
          return { model: name, stepMs: trace.stepMs, points, notes: [] };
        },
      };
    },
  };
}
