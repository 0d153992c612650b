import type { Options, Scenario } from 'k6/options';
import type { SuiteSettings } from './settings.ts';

/** The unmeasured scenario before the measured one (`ingest`); its requests are tagged `doc:warmup`. */
export const warmupScenario = 'warmup';

/**
 * Options shared by every suite. Thresholds are NOT written here: the runner generates them
 * from slo.json (loadtest/thresholds.ts) and passes them as HEADROOM_THRESHOLDS.
 */
export function suiteOptions(s: SuiteSettings, scenario: Scenario, warmup?: Scenario): Options {
  const raw = __ENV.HEADROOM_THRESHOLDS;
  if (!raw) {
    throw new Error('HEADROOM_THRESHOLDS is not set: run suites through `headroom loadtest <suite>`');
  }
  const thresholds = JSON.parse(raw) as Options['thresholds'];
  return {
    scenarios: {
      ...(warmup ? { [warmupScenario]: warmup } : {}),
      ingest: { ...scenario, tags: { suite: __ENV.HEADROOM_SUITE || 'unknown' } },
    },
    thresholds,
    summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(95)', 'p(99)', 'count'],
    // Followed documents hold their VU until processed: let them finish, bounded.
    // (k6 still stops by itself: duration + gracefulStop.)
    setupTimeout: '30s',
    teardownTimeout: '30s',
    noConnectionReuse: false,
    userAgent: `headroom-loadtest (seed ${s.seed})`,
  };
}

/**
 * Enough VUs for the rate: in-flight ingests plus followers waiting on the pipeline.
 * Pre-allocated generously (a second's worth of arrivals) because a VU created mid-test
 * must first compile the script, and the iterations that arrive meanwhile are dropped.
 */
export function vus(rate: number, s: SuiteSettings): { preAllocatedVUs: number; maxVUs: number } {
  const followers = Math.ceil((rate / s.followEvery) * 3);
  const preAllocatedVUs = Math.min(300, Math.max(2, Math.ceil(rate) + followers));
  const maxVUs = Math.min(2000, Math.max(20, Math.ceil(rate * 4) + followers * 4));
  return { preAllocatedVUs, maxVUs };
}

export function gracefulStop(s: SuiteSettings): string {
  return `${Math.ceil(s.followTimeoutSeconds + 5)}s`;
}

/** Writes k6's end-of-test data where the runner reads it (no text summary: the runner prints its own). */
export function handleSummary(data: unknown): Record<string, string> {
  const file = __ENV.HEADROOM_SUMMARY_FILE;
  const json = JSON.stringify(data);
  return file ? { [file]: json } : { stdout: `${json}\n` };
}

/**
 * k6 arrival rates are integers per timeUnit: a fractional rate (a bisection midpoint,
 * 2.5/s) is expressed per 100 s instead, so the rate is still exactly what was asked.
 */
export function arrival(rate: number): { scale: number; timeUnit: string } {
  return Number.isInteger(rate) ? { scale: 1, timeUnit: '1s' } : { scale: 100, timeUnit: '100s' };
}
