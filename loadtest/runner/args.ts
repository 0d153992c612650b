import { InputError } from '../../common/errors.ts';
import { isLoopbackUrl } from '../../common/local-services.ts';
import { isSuiteName, suiteNames } from '../suites.ts';
import type { SuiteName } from '../suites.ts';
import type { SearchStep } from './search.ts';

/** Upper bounds: every run stops by itself well within these. */
export const limits = {
  maxRate: 5000,
  maxDurationSeconds: 6 * 3600,
} as const;

const unitSeconds: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };

/** "90s", "2m", "1m30s", "1h" → seconds (what k6 accepts, minus the odd units). */
export function parseDuration(value: string, what = 'duration'): number {
  const text = value.trim();
  const parts = /^(?:\d+(?:\.\d+)?(?:h|ms|m|s))+$/.test(text)
    ? [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)]
    : null;
  if (!parts) {
    throw new InputError(`${what} must look like 30s, 2m or 1m30s, got "${value}"`);
  }
  const seconds = parts.reduce((sum, [, n, unit]) => sum + Number(n) * unitSeconds[unit], 0);
  if (seconds < 1) throw new InputError(`${what} must be at least 1s, got "${value}"`);
  if (seconds > limits.maxDurationSeconds) {
    throw new InputError(`${what} must be at most ${limits.maxDurationSeconds / 3600}h, got "${value}"`);
  }
  return Math.round(seconds);
}

/** Arrival rate in documents per second: positive, finite, bounded. */
export function parseRate(value: string | number, what = 'rate'): number {
  const n = typeof value === 'number' ? value : Number(value.trim());
  if (typeof value === 'string' && value.trim() === '')
    throw new InputError(`${what} must be a number, got ""`);
  if (!Number.isFinite(n) || n <= 0) {
    throw new InputError(`${what} must be a positive number of documents per second, got "${value}"`);
  }
  if (n > limits.maxRate) throw new InputError(`${what} must be at most ${limits.maxRate}/s, got ${n}`);
  return Math.round(n * 100) / 100;
}

/** The capacity search's step: a rate added after each pass, or "double". */
export function parseStep(value: string | number, what = '--step'): SearchStep {
  if (typeof value === 'string' && value.trim().toLowerCase() === 'double') return 'double';
  try {
    return parseRate(value, what);
  } catch {
    throw new InputError(
      `${what} must be "double" or a positive number of documents per second, at most ${limits.maxRate}/s, got "${value}"`,
    );
  }
}

/** A loopback http(s) URL, without a trailing slash. Load is never sent anywhere else. */
export function parseTarget(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`--target must be a URL like http://127.0.0.1:18080, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`--target must be an http(s) URL, got "${value}"`);
  }
  if (!isLoopbackUrl(value)) {
    throw new InputError(
      `--target must be a loopback address (localhost, 127.x, ::1): refusing to load-test ${url.host}`,
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

export function parseSuite(value: string): SuiteName {
  if (!isSuiteName(value)) {
    throw new InputError(`unknown suite "${value}": choose one of ${suiteNames.join(', ')} (or capacity)`);
  }
  return value;
}

export function parseSeed(value: string | number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 31 - 1) {
    throw new InputError(`--seed must be an integer between 1 and ${2 ** 31 - 1}, got "${value}"`);
  }
  return n;
}

/** A positive whole count (worker replicas, concurrency). */
export function parseCount(value: string | number, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) {
    throw new InputError(`${what} must be a positive integer, got "${value}"`);
  }
  return n;
}
