import type { FittedModel, Forecaster, Series } from './forecaster.ts';
import { dayMs, stepsPer, weekMs } from './calendar.ts';
import { withEmpiricalQuantiles } from './point-model.ts';
import { prepare } from './prepare.ts';
import { flatFit } from './flat.ts';

/**
 * Seasonal naive: tomorrow at 10:00 is today at 10:00. The baseline every model must beat.
 * `period` is a step count, or 'daily' / 'weekly' resolved from the series' step.
 */
export function seasonalNaive(period: number | 'daily' | 'weekly'): Forecaster {
  const label = typeof period === 'number' ? String(period) : period;
  return {
    name: `seasonal-naive/${label}`,
    fit(series: Series): FittedModel {
      const steps =
        typeof period === 'number' ? period : stepsPer(series, period === 'daily' ? dayMs : weekMs);
      const prepared = prepare(series);
      const values = prepared.values;
      if (steps === undefined || values.length < steps) {
        const why =
          steps === undefined
            ? `a ${period} period is not a whole number of steps`
            : `only ${values.length} points, less than one period of ${steps}`;
        return withEmpiricalQuantiles(flatFit(values), prepared.observed, [
          ...prepared.notes,
          `seasonal naive: ${why}: flat forecast`,
        ]);
      }
      const fit = {
        name: `seasonal-naive/${steps}`,
        n: values.length,
        firstOrigin: steps - 1,
        at: (t: number, h: number) => {
          const index = t + h - steps * Math.ceil(h / steps);
          return index >= 0 ? values[index] : NaN;
        },
      };
      return withEmpiricalQuantiles(fit, prepared.observed, prepared.notes);
    },
  };
}
