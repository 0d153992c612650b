import { arrival, gracefulStop, suiteOptions, vus } from './options.ts';
import type { SuiteSettings } from './settings.ts';
import type { Options } from 'k6/options';

/** A constant-arrival-rate scenario at the settings' rate for their duration (smoke, load, soak, capacity-step). */
export function constantRateOptions(s: SuiteSettings): Options {
  const { scale, timeUnit } = arrival(s.rate);
  return suiteOptions(s, {
    executor: 'constant-arrival-rate',
    rate: Math.round(s.rate * scale),
    timeUnit,
    duration: `${s.durationSeconds}s`,
    ...vus(s.rate, s),
    gracefulStop: gracefulStop(s),
  });
}
