import { probit } from 'simple-statistics';
import type { Forecaster, Series } from '../../capacity/forecast/index.ts';

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
  const name = 'mean-aware (knows the mean, not the noise or the bursts)';
  const perSecond = scale / (trace.stepMs / 1000);
  return {
    name,
    fit(history: Series) {
      const next = Math.round(
        (history.start + history.values.length * history.stepMs - trace.start) / trace.stepMs,
      );
      return {
        name,
        predict(horizon: number, quantiles: number[]) {
          const points = Array.from({ length: horizon }, (_, h) => {
            const mean = baselines[Math.min(next + h, baselines.length - 1)];
            const sd = Math.sqrt(noise ** 2 + 1 / Math.max(mean, 1));
            return {
              timestamp: trace.start + (next + h) * trace.stepMs,
              quantiles: Object.fromEntries(
                quantiles.map((q) => [String(q), Math.max(0, mean * (1 + probit(q) * sd) * perSecond)]),
              ),
            };
          });
          return { model: name, stepMs: trace.stepMs, points, notes: [] };
        },
      };
    },
  };
}
