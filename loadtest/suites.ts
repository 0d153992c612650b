import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The k6 suites and what each runs when not told otherwise. */
export const suiteDefaults = {
  smoke: { rate: 2, durationSeconds: 10, what: 'a few documents per second for seconds' },
  load: { rate: 20, durationSeconds: 60, what: 'constant arrival rate at the target rate' },
  stress: { rate: 40, durationSeconds: 120, what: 'ramping arrival rate from rate/4 to 2x rate' },
  spike: { rate: 10, durationSeconds: 180, what: 'the rate, a sudden x5 for a minute, back' },
  soak: { rate: 10, durationSeconds: 1800, what: 'constant rate for a long time' },
  'capacity-step': { rate: 10, durationSeconds: 20, what: 'one step of the capacity search' },
} as const;

export type SuiteName = keyof typeof suiteDefaults;

/** The constant-rate suites, which run an unmeasured warm-up at their rate first. */
const warmedSuites: readonly SuiteName[] = ['smoke', 'load', 'soak', 'capacity-step'];

/**
 * Seconds of warm-up before the measured part: a fifth of the duration, 2 to 5 s. Stress and
 * spike start gently by design and have none.
 */
export function warmupSeconds(suite: SuiteName, durationSeconds: number): number {
  if (!warmedSuites.includes(suite)) return 0;
  return Math.min(5, Math.max(2, Math.round(durationSeconds / 5)));
}
export const suiteNames = Object.keys(suiteDefaults) as SuiteName[];

export function isSuiteName(value: string): value is SuiteName {
  return Object.hasOwn(suiteDefaults, value);
}

const suitesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'suites');

export function suiteFile(name: SuiteName): string {
  return path.join(suitesDir, `${name}.ts`);
}
