import { linearRegression } from 'simple-statistics';
import type { FittedModel, Forecaster, Series } from './forecaster.ts';
import { withEmpiricalQuantiles } from './point-model.ts';
import { prepare } from './prepare.ts';

/**
 * A straight line through the history (least squares, simple-statistics), extended. It
 * ignores cycles, so it is the fallback for short, aseasonal history and the long-range
 * "when do we run out" view, not the short-term forecaster.
 */
export function linearTrend(): Forecaster {
  return {
    name: 'linear-trend',
    fit(series: Series): FittedModel {
      const prepared = prepare(series);
      const { m, b } =
        prepared.values.length >= 2
          ? linearRegression(prepared.values.map((v, i) => [i, v]))
          : { m: 0, b: prepared.values[0] ?? 0 };
      const fit = {
        name: 'linear-trend',
        n: prepared.values.length,
        firstOrigin: 0,
        at: (t: number, h: number) => b + m * (t + h),
      };
      return withEmpiricalQuantiles(fit, prepared.observed, prepared.notes);
    },
  };
}
