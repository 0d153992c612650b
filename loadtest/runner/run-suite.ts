import { randomInt } from 'node:crypto';
import { localServices } from '../../common/local-services.ts';
import { loadSlo } from '../../common/slo.ts';
import type { Slo } from '../../common/slo.ts';
import { paragraphPool } from '../lib/corpus.ts';
import { suiteDefaults, suiteFile, warmupSeconds } from '../suites.ts';
import type { SuiteName } from '../suites.ts';
import { k6Thresholds, sloObjectives } from '../thresholds.ts';
import { parseDuration, parseRate, parseSeed, parseSuite, parseTarget } from './args.ts';
import { runK6 } from './k6-process.ts';
import { preflight } from './preflight.ts';
import { describeFailure, sloRows, suiteStats } from './results.ts';
import type { SloRow, SuiteStats } from './results.ts';

export interface SuiteOptions {
  suite: string;
  target: string;
  /** Documents per second (default: the suite's). */
  rate?: number | string;
  /** "30s", "2m" or seconds (default: the suite's). */
  duration?: string | number;
  apiKey?: string;
  /** The SLO file to generate thresholds from (default: the repository's slo.json). */
  sloFile?: string;
  /** Corpus seed (default: random, so a rerun against the same database is not all duplicates). */
  seed?: number | string;
  /** Receives k6's progress lines (default: stderr). */
  onLine?: (line: string) => void;
  /** Skip the reachability/API-key check (the capacity search does it once). */
  skipPreflight?: boolean;
}

export interface SuiteResult {
  suite: SuiteName;
  target: string;
  rate: number;
  /** The measured part; the warm-up runs before it and is not in any figure. */
  durationSeconds: number;
  warmupSeconds: number;
  seed: number;
  startedAt: string;
  finishedAt: string;
  /** k6's exit code (99: a threshold failed). */
  k6ExitCode: number;
  /** Every SLO held (and was measured). */
  passed: boolean;
  slos: SloRow[];
  /** The broken SLOs in words. */
  failures: string[];
  stats: SuiteStats;
  /** CPU cores k6 itself used on average (start-up and warm-up included); null where /proc cannot say. */
  loadGeneratorCores: number | null;
}

export interface ResolvedSuite {
  suite: SuiteName;
  target: string;
  rate: number;
  durationSeconds: number;
  seed: number;
  apiKey: string;
  slo: Slo;
}

/** Validates everything before anything runs: one clear InputError on the first problem. */
export function resolveSuite(options: SuiteOptions): ResolvedSuite {
  const suite = parseSuite(options.suite);
  const target = parseTarget(options.target);
  const defaults = suiteDefaults[suite];
  const rate = options.rate === undefined ? defaults.rate : parseRate(options.rate, '--rate');
  const durationSeconds =
    options.duration === undefined
      ? defaults.durationSeconds
      : parseDuration(
          typeof options.duration === 'number' ? `${options.duration}s` : options.duration,
          '--duration',
        );
  const seed = options.seed === undefined ? randomInt(1, 2 ** 31 - 1) : parseSeed(options.seed);
  const slo = loadSlo(options.sloFile);
  return {
    suite,
    target,
    rate,
    durationSeconds,
    seed,
    apiKey: options.apiKey ?? localServices.devApiKey,
    slo,
  };
}

/** How long a followed document is waited for: past the objective, so a miss is counted. */
export function followTimeoutSeconds(slo: Slo): number {
  return Math.min(120, Math.max(2, Math.ceil(slo.endToEndLatency.p95Seconds * 1.2 + 1)));
}

/** Runs one suite through k6 with thresholds generated from the SLO file. */
export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const r = resolveSuite(options);
  if (!options.skipPreflight) await preflight(r.target, r.apiKey);
  const follow = followTimeoutSeconds(r.slo);
  const warmup = warmupSeconds(r.suite, r.durationSeconds);
  const startedAt = new Date().toISOString();
  const run = await runK6({
    script: suiteFile(r.suite),
    env: {
      HEADROOM_SUITE: r.suite,
      HEADROOM_TARGET: r.target,
      HEADROOM_API_KEY: r.apiKey,
      HEADROOM_RATE: String(r.rate),
      HEADROOM_DURATION_SECONDS: String(r.durationSeconds),
      HEADROOM_SEED: String(r.seed),
      // About two followed documents per second whatever the rate: enough samples for a
      // p95 without the followers crowding out the load itself.
      HEADROOM_FOLLOW_EVERY: String(Math.max(1, Math.round(r.rate / 2))),
      HEADROOM_FOLLOW_TIMEOUT_SECONDS: String(follow),
      HEADROOM_THRESHOLDS: JSON.stringify(k6Thresholds(r.slo)),
      HEADROOM_WARMUP_SECONDS: String(warmup),
    },
    files: { HEADROOM_PARAGRAPHS_FILE: JSON.stringify(paragraphPool(r.seed)) },
    timeoutSeconds: warmup + r.durationSeconds + follow + 5 + 60,
    onLine: options.onLine,
  });
  const slos = sloRows(run.summary, sloObjectives(r.slo));
  const failed = slos.filter((row) => !row.passed);
  return {
    suite: r.suite,
    target: r.target,
    rate: r.rate,
    durationSeconds: r.durationSeconds,
    warmupSeconds: warmup,
    seed: r.seed,
    startedAt,
    finishedAt: new Date().toISOString(),
    k6ExitCode: run.exitCode,
    passed: run.exitCode === 0 && failed.length === 0,
    slos,
    failures: failed.map(describeFailure),
    stats: suiteStats(run.summary, r.durationSeconds),
    loadGeneratorCores: run.cores,
  };
}
