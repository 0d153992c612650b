/** Series of known structure for the forecasting tests (not a test file itself). */
import { bundled, synthesize, type SyntheticOptions } from '../traces/generate.ts';
import type { Series } from './forecaster.ts';

export const quarterHour = 15 * 60_000;
export const hour = 3_600_000;

/** Daily + weekly traffic like the bundled trace, on 15-minute steps (96 a day, 672 a week). */
export function dailyWeekly(overrides: Partial<SyntheticOptions> = {}): {
  series: Series;
  opts: SyntheticOptions;
} {
  const opts: SyntheticOptions = {
    ...bundled['daily-weekly'],
    stepMs: quarterHour,
    steps: 4 * 672,
    ...overrides,
  };
  return { series: synthesize(opts), opts };
}

/** A clean hourly daily cycle without weekly effect, trend or drift: the truth is known. */
export function cleanDaily(overrides: Partial<SyntheticOptions> = {}): {
  series: Series;
  opts: SyntheticOptions;
} {
  const opts: SyntheticOptions = {
    ...bundled['daily-weekly'],
    stepMs: hour,
    steps: 21 * 24,
    weekendFactor: 1,
    trendPerWeek: 0,
    drift: { sd: 0, phi: 0 },
    noise: 0.02,
    integer: false,
    ...overrides,
  };
  return { series: synthesize(opts), opts };
}
