import type { Forecaster, Series } from '../../capacity/forecast/index.ts';
import { readAheadForecaster } from './read-ahead.ts';

/**
 * A reference for bench:autoscaler, not a model: it "forecasts" by reading the trace ahead,
 * every quantile the value that will happen. Run through the same planner, safety policy and
 * HPA as the real models, it separates what the controller's mechanics cost from what the
 * forecast errors cost. `rates` is the replayed trace as arrivals per second per interval,
 * the series the backtest fits its models on.
 */
export function clairvoyantForecaster(rates: Series): Forecaster {
  return readAheadForecaster(
    'clairvoyant (reads the trace ahead)',
    rates,
    (index) => rates.values[index] ?? 0,
  );
}
