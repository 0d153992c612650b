import type { Forecaster, Series } from '../../capacity/forecast/index.ts';

/**
 * A reference for bench:autoscaler, not a model: it "forecasts" by reading the trace ahead,
 * every quantile the value that will happen. Run through the same planner, safety policy and
 * HPA as the real models, it separates what the controller's mechanics cost from what the
 * forecast errors cost. `rates` is the replayed trace as arrivals per second per interval,
 * the series the backtest fits its models on.
 */
export function clairvoyantForecaster(rates: Series): Forecaster {
  const name = 'clairvoyant (reads the trace ahead)';
  return {
    name,
    fit(history: Series) {
      const next = Math.round(
        (history.start + history.values.length * history.stepMs - rates.start) / rates.stepMs,
      );
      return {
        name,
        predict(horizon: number, quantiles: number[]) {
          const points = Array.from({ length: horizon }, (_, h) => {
            const value = rates.values[next + h] ?? 0;
            return {
              timestamp: rates.start + (next + h) * rates.stepMs,
              quantiles: Object.fromEntries(quantiles.map((q) => [String(q), value])),
            };
          });
          return { model: name, stepMs: rates.stepMs, points, notes: [] };
        },
      };
    },
  };
}
