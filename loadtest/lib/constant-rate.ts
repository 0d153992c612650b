import { arrival, gracefulStop, suiteOptions, vus } from './options.ts';
import type { SuiteSettings } from './settings.ts';
import type { Options } from 'k6/options';

/**
 * A constant-arrival-rate scenario at the settings' rate for their duration (smoke, load, soak,
 * capacity-step), after `warmupSeconds` of the same rate that no objective or count sees: the
 * first seconds of a k6 process answer slowly for reasons of k6's own (measured: p95 230 ms in
 * the first 3 s of a run whose server-side p95 stayed under 25 ms, 5 ms afterwards).
 */
export function constantRateOptions(s: SuiteSettings): Options {
  const { scale, timeUnit } = arrival(s.rate);
  const rate = { executor: 'constant-arrival-rate' as const, rate: Math.round(s.rate * scale), timeUnit };
  const warmup =
    s.warmupSeconds > 0
      ? { ...rate, duration: `${s.warmupSeconds}s`, ...vus(s.rate, s), gracefulStop: '0s' }
      : undefined;
  return suiteOptions(
    s,
    {
      ...rate,
      duration: `${s.durationSeconds}s`,
      ...vus(s.rate, s),
      gracefulStop: gracefulStop(s),
      ...(warmup ? { startTime: `${s.warmupSeconds}s` } : {}),
    },
    warmup,
  );
}
