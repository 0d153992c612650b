import type { FittedModel, Forecaster, Series } from './forecaster.ts';
import { withEmpiricalQuantiles, type PointFit } from './point-model.ts';
import { prepare } from './prepare.ts';

/** The last value, carried forward: what is left when there is almost no history. */
export function flatFit(values: number[]): PointFit {
  return { name: 'flat', n: values.length, firstOrigin: 0, at: (t: number) => values[t] };
}

export function flat(): Forecaster {
  return {
    name: 'flat',
    fit(series: Series): FittedModel {
      const prepared = prepare(series);
      return withEmpiricalQuantiles(flatFit(prepared.values), prepared.observed, prepared.notes);
    },
  };
}
