/**
 * What the runner tells a suite, through k6's __ENV (the runner sets every value; defaults
 * only make a bare `k6 run` against the local stack possible while developing a suite).
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
  };
}
