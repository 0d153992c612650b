import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { capacitySearchKind } from '../../common/capacity-search.ts';
import type { CapacitySearchStep, CapacitySearchSummary } from '../../common/capacity-search.ts';
import { HeadroomError, InputError } from '../../common/errors.ts';
import { localServices } from '../../common/local-services.ts';
import { loadSlo } from '../../common/slo.ts';
import { parseDuration, parseRate, parseSeed, parseStep, parseTarget } from './args.ts';
import { preflight } from './preflight.ts';
import { completedJobs, queueBacklog } from './prom-text.ts';
import { noneProcessed } from './results.ts';
import { followTimeoutSeconds, runSuite } from './run-suite.ts';
import { round, searchRates } from './search.ts';
import { warmupSeconds } from '../suites.ts';

export interface CapacityOptions {
  target: string;
  /** First arrival rate (documents/s). */
  start?: number | string;
  /** Increase per step until an SLO breaks, or "double" (the default). */
  step?: number | string;
  /** Highest rate tried. */
  max?: number | string;
  /** How long each step holds its rate ("20s"). */
  stepDuration?: string | number;
  /** The whole search stops starting steps past this ("10m"). */
  budget?: string | number;
  /** Bisection stops when pass and fail are this close (default: a quarter of the step; half the start when doubling). */
  resolution?: number | string;
  apiKey?: string;
  sloFile?: string;
  seed?: number | string;
  /** Workers' /metrics URLs, to measure the processed rate per step. */
  workerMetrics?: string[];
  /** Recorded in the summary as the set-up behind the target. */
  workers?: { replicas: number; concurrency: number };
  /** Receives k6's progress lines (default: dropped; steps are reported through onProgress). */
  onLine?: (line: string) => void;
}

export interface CapacityProgress {
  phase: 'step' | 'bisect';
  index: number;
  step: CapacitySearchStep;
}

function seconds(value: string | number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  return parseDuration(typeof value === 'number' ? `${value}s` : value, what);
}

/** Waits (bounded) for the previous step's backlog to drain so it does not bleed into the next. */
async function drain(target: string, limitSeconds: number): Promise<void> {
  const deadline = Date.now() + limitSeconds * 1000;
  while (Date.now() < deadline) {
    const backlog = await queueBacklog(target);
    if (backlog === null || backlog === 0) return;
    await sleep(500);
  }
}

/**
 * The capacity search k6 lacks: constant-rate steps upward (doubling unless a fixed step is
 * given) until an SLO breaks, then a bisection between the last passing and the first
 * failing rate. Bounded by `budget`: no step starts unless it can finish in time.
 */
export async function capacitySearch(
  options: CapacityOptions,
  onProgress?: (progress: CapacityProgress) => void,
): Promise<CapacitySearchSummary> {
  const target = parseTarget(options.target);
  const start = options.start === undefined ? 5 : parseRate(options.start, '--start');
  const step = options.step === undefined ? 'double' : parseStep(options.step, '--step');
  const max = options.max === undefined ? 200 : parseRate(options.max, '--max');
  if (max < start) throw new InputError(`--max (${max}) must be at least --start (${start})`);
  const stepSeconds = seconds(options.stepDuration, 20, '--step-duration');
  const budgetSeconds = seconds(options.budget, 600, '--budget');
  const resolution =
    options.resolution === undefined
      ? Math.max(0.5, step === 'double' ? start / 2 : step / 4)
      : parseRate(options.resolution, '--resolution');
  const seed = options.seed === undefined ? randomInt(1, 2 ** 31 - 1) : parseSeed(options.seed);
  const apiKey = options.apiKey ?? localServices.devApiKey;
  const slo = loadSlo(options.sloFile); // validate before any load is sent
  const workerMetrics = options.workerMetrics ?? [];
  await preflight(target, apiKey);

  const began = Date.now();
  const startedAt = new Date(began).toISOString();
  const elapsed = () => (Date.now() - began) / 1000;
  // A step's wall time is its duration plus k6 start-up and the followed documents'
  // drain; until one has been measured, assume the worst the follow timeout allows.
  let stepWall =
    warmupSeconds('capacity-step', stepSeconds) + stepSeconds + Math.min(followTimeoutSeconds(slo), 15) + 5;
  const fits = () => elapsed() + stepWall <= budgetSeconds;

  // A cold service (JIT, connection pools, caches) would fail the first step for reasons
  // that have nothing to do with the rate: warm it at the start rate, unrecorded.
  const warmUp = async () => {
    const warmSeconds = Math.min(5, stepSeconds);
    if (elapsed() + warmSeconds + stepWall * 2 > budgetSeconds) return;
    const warm = await runSuite({
      suite: 'capacity-step',
      target,
      rate: start,
      duration: warmSeconds,
      apiKey,
      sloFile: options.sloFile,
      seed: ((seed + 9999) % (2 ** 31 - 2)) + 1,
      onLine: options.onLine ?? (() => {}),
      skipPreflight: true,
    });
    // Without a worker the warm-up waits out the follow timeout and leaves no budget for a
    // step: "raise --budget" would send the user the wrong way.
    if (noneProcessed(warm.stats)) {
      throw new HeadroomError(
        `none of the ${warm.stats.e2eSamples} documents the warm-up followed at ${start}/s was processed within ` +
          `${followTimeoutSeconds(slo)}s: is a worker (headroom work) taking jobs from ${target}'s queue?`,
      );
    }
  };

  const steps: CapacitySearchStep[] = [];
  const runStep = async (rate: number): Promise<CapacitySearchStep> => {
    await drain(target, Math.min(30, Math.max(0, budgetSeconds - elapsed() - stepWall)));
    const before = await completedJobs(workerMetrics);
    const t0 = Date.now();
    const result = await runSuite({
      suite: 'capacity-step',
      target,
      rate,
      duration: stepSeconds,
      apiKey,
      sloFile: options.sloFile,
      // A fresh part of the corpus per step: earlier steps' documents would be duplicates.
      seed: ((seed + steps.length) % (2 ** 31 - 2)) + 1,
      onLine: options.onLine ?? (() => {}),
      skipPreflight: true,
    });
    stepWall = Math.max(stepWall * 0.5, (Date.now() - t0) / 1000 + 1);
    const after = await completedJobs(workerMetrics);
    const s = result.stats;
    const failures = [...result.failures];
    // If k6 could not start the iterations it was asked for, the rate was not really offered.
    const offered = rate * stepSeconds;
    if (s.droppedIterations > Math.max(1, offered * 0.01)) {
      failures.push(
        `dropped ${s.droppedIterations} of ${Math.round(offered)} iterations (the rate was not sustained)`,
      );
    }
    const step: CapacitySearchStep = {
      targetRate: rate,
      throughput: round(s.throughput),
      ...(before !== null && after !== null ? { processedRate: round((after - before) / stepSeconds) } : {}),
      concurrency: round((s.throughput * s.latencyMs.mean) / 1000),
      latencyMs: {
        p50: round(s.latencyMs.p50),
        p95: round(s.latencyMs.p95),
        p99: round(s.latencyMs.p99),
        mean: round(s.latencyMs.mean),
      },
      errorRate: s.errorRate,
      droppedIterations: s.droppedIterations,
      durationSeconds: stepSeconds,
      passed: failures.length === 0,
      failures,
      ...(result.loadGeneratorCores !== null ? { loadGeneratorCores: round(result.loadGeneratorCores) } : {}),
    };
    steps.push(step);
    return step;
  };

  await warmUp();
  const outcome = await searchRates({ start, step, max, resolution, fits }, async (rate, phase) => {
    const measured = await runStep(rate);
    onProgress?.({ phase, index: steps.length, step: measured });
    return measured.passed;
  });

  return {
    kind: capacitySearchKind,
    target,
    startedAt,
    finishedAt: new Date().toISOString(),
    machineCores: availableParallelism(),
    ...(options.workers ? { workers: options.workers } : {}),
    maxPassingRate: outcome.maxPassingRate,
    firstFailingRate: outcome.firstFailingRate,
    steps,
  };
}
