import { probit } from 'simple-statistics';
import type { Forecaster, Series } from '../../capacity/forecast/index.ts';
import { readAheadForecaster } from './read-ahead.ts';

/**
 * A reference for bench:autoscaler, not a model: the best forecast possible on a synthetic
 * trace. It knows each interval's mean (shape, trend and drift; `baselines` leave the bursts
 * out, since their onset is random) and gives as quantiles those of the noise drawn around it
 * (`noise`, relative, and Poisson counting noise on the trace's own counts). No model fitted on
 * the past does better, so a goal this one misses is out of reach of the controller, whatever
 * the model. `scale` and the trace's step turn counts into the replayed arrivals per second.
 */
export function meanAwareForecaster(
  trace: Series,
  baselines: number[],
  noise: number,
  scale: number,
): Forecaster {
  const perSecond = scale / (trace.stepMs / 1000);
  return readAheadForecaster(
    'mean-aware (knows the mean, not the noise or the bursts)',
    trace,
    (index, quantile) => {
      const mean = baselines[Math.min(index, baselines.length - 1)];
      const sd = Math.sqrt(noise ** 2 + 1 / Math.max(mean, 1));
      return Math.max(0, mean * (1 + probit(quantile) * sd) * perSecond);
    },
  );
}
