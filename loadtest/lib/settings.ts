/**
 * What the runner tells a suite, through k6's __ENV and the files it names (the runner sets
 * every value; a suite run by a bare `k6 run` stops at the missing thresholds and paragraphs).
 */
export interface SuiteSettings {
  target: string;
  apiKey: string;
  /** Iterations (documents) per second the executor starts. */
  rate: number;
  durationSeconds: number;
  seed: number;
  /** Follow every Nth accepted document to `processed` (end-to-end latency sample). */
  followEvery: number;
  followTimeoutSeconds: number;
  /** Seconds of unmeasured load before the measured scenario (0: none). */
  warmupSeconds: number;
  /** The corpus's paragraphs (corpus.ts paragraphPool), read once per VU at init from the runner's file. */
  paragraphs: readonly string[];
}

function num(name: string, fallback: number): number {
  const raw = __ENV[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

/** Whole seconds, 0 when unset. */
function seconds(name: string): number {
  const raw = __ENV[name];
  if (raw === undefined || raw === '') return 0;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be whole seconds, got ${raw}`);
  return value;
}

export function settings(): SuiteSettings {
  return {
    target: (__ENV.HEADROOM_TARGET || 'http://127.0.0.1:18080').replace(/\/+$/, ''),
    apiKey: __ENV.HEADROOM_API_KEY || 'hr_dev_local_only_key',
    rate: num('HEADROOM_RATE', 5),
    durationSeconds: Math.round(num('HEADROOM_DURATION_SECONDS', 10)),
    seed: Math.round(num('HEADROOM_SEED', 1)),
    followEvery: Math.round(num('HEADROOM_FOLLOW_EVERY', 10)),
    followTimeoutSeconds: num('HEADROOM_FOLLOW_TIMEOUT_SECONDS', 36),
    warmupSeconds: seconds('HEADROOM_WARMUP_SECONDS'),
    paragraphs: paragraphs(),
  };
}

/** open() works only in k6's init context, where the suites call settings(). */
function paragraphs(): readonly string[] {
  const file = __ENV.HEADROOM_PARAGRAPHS_FILE;
  if (!file)
    throw new Error('HEADROOM_PARAGRAPHS_FILE is not set: run suites through `headroom loadtest <suite>`');
  return JSON.parse(open(file)) as string[];
}
