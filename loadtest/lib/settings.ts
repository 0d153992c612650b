/** What the runner tells a suite, through k6's __ENV and the files it names. */
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

/** The runner sets every value: a bare `k6 run` stops at the first one missing. */
function required(name: string): string {
  const raw = __ENV[name];
  if (raw === undefined || raw === '')
    throw new Error(`${name} is not set: run suites through \`headroom loadtest <suite>\``);
  return raw;
}

function positive(name: string): number {
  const raw = required(name);
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

/** Whole seconds, 0 allowed. */
function seconds(name: string): number {
  const raw = required(name);
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be whole seconds, got ${raw}`);
  return value;
}

export function settings(): SuiteSettings {
  return {
    target: required('HEADROOM_TARGET').replace(/\/+$/, ''),
    apiKey: required('HEADROOM_API_KEY'),
    rate: positive('HEADROOM_RATE'),
    durationSeconds: Math.round(positive('HEADROOM_DURATION_SECONDS')),
    seed: Math.round(positive('HEADROOM_SEED')),
    followEvery: Math.round(positive('HEADROOM_FOLLOW_EVERY')),
    followTimeoutSeconds: positive('HEADROOM_FOLLOW_TIMEOUT_SECONDS'),
    warmupSeconds: seconds('HEADROOM_WARMUP_SECONDS'),
    paragraphs: paragraphs(),
  };
}

/** open() works only in k6's init context, where the suites call settings(). */
function paragraphs(): readonly string[] {
  return JSON.parse(open(required('HEADROOM_PARAGRAPHS_FILE'))) as string[];
}
