import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { forecastSeries } from '../../capacity/forecast/index.ts';
import {
  parseDurationSeconds,
  perPodCapacity,
  planCapacity,
  type PodCapacity,
} from '../../capacity/model/index.ts';
import { reviewKind, writeReport, type ReviewDocument } from '../../capacity/report/index.ts';
import type { CapacitySearchSummary } from '../../common/capacity-search.ts';
import { HeadroomError, InputError } from '../../common/errors.ts';
import { makeDirectory } from '../../common/output-files.ts';
import { localServices } from '../../common/local-services.ts';
import { reportsDir } from '../../common/paths.ts';
import { loadSlo, type Slo } from '../../common/slo.ts';
import {
  capacitySearch,
  generatorLoad,
  runSuite,
  type SearchStep,
  type SuiteResult,
} from '../../loadtest/index.ts';
import { defaultWorkerConcurrency } from '../../processor/config.ts';
import { startProcessor } from '../../processor/testing/local-processor.ts';
import { Cleanup } from '../../common/cleanup.ts';
import { demandHistory } from './demand.ts';
import { ensureK6, ensureServices, requireFreePort } from './local-stack.ts';
import { PhaseProgress } from './progress.ts';

export interface ReviewOptions {
  /** Review this running processor instead of starting the local stack. */
  target?: string;
  apiKey?: string;
  /** Where demand history comes from; null: use the bundled sample trace. */
  prometheusUrl: string | null;
  /** Worker pods behind the target (started by the review, or stated for --target). */
  workers: number;
  workerConcurrency?: number;
  workerMetrics?: string[];
  search: { start: number; step: SearchStep; max: number; stepDuration: string; budget: string };
  load: { duration: string; rate?: number };
  horizon: string;
  quantile: string;
  podStartup: string;
  headroom: number;
  outDir?: string;
  sloFile?: string;
}

export interface ReviewOutcome {
  review: ReviewDocument;
  dir: string;
  files: string[];
}

const hourSeconds = 3600;
const maxHorizonDays = 366;

function seconds(value: string, flag: string): number {
  const s = parseDurationSeconds(value);
  if (s === null) throw new InputError(`${flag} must be a duration like 30s, 5m or 7d, got "${value}"`);
  return s;
}

/**
 * The capacity review: measure (capacity search + SLO load run), model (per-pod capacity,
 * USL), forecast demand, plan replicas, write the report. Everything it starts is stopped on
 * the way out, also on failure or Ctrl-C.
 */
export async function runReview(opts: ReviewOptions): Promise<ReviewOutcome> {
  const slo = loadSlo(opts.sloFile);
  const horizonHours = Math.ceil(seconds(opts.horizon, '--horizon') / hourSeconds);
  // A plan is one row per hour: --horizon 99999999d started the measuring, to forecast 2.4 billion hours at its end.
  if (horizonHours > maxHorizonDays * 24)
    throw new InputError(`--horizon must be at most ${maxHorizonDays}d, got "${opts.horizon}"`);
  const podStartupSeconds = seconds(opts.podStartup, '--pod-startup');
  seconds(opts.load.duration, '--load-duration');
  if (!(opts.headroom >= 0 && opts.headroom < 1)) throw new InputError('--headroom must be between 0 and 1');
  // Now, not after ten minutes of measuring; the default folder too (a read-only checkout).
  if (opts.outDir) makeDirectory(opts.outDir, '--out');
  else makeDirectory(reportsDir, 'the reports folder (--out writes elsewhere)');
  const startedAt = new Date();
  const local = opts.target === undefined;
  const progress = new PhaseProgress(local ? 7 : 5);
  const cleanup = new Cleanup();
  const unhook = cleanup.onSignals((line) => progress.detail(line));
  try {
    let target = opts.target ?? '';
    let apiKey = opts.apiKey;
    let workerMetrics = opts.workerMetrics ?? [];
    let workerConcurrency = opts.workerConcurrency ?? null;
    if (!local) await ensureK6((l) => progress.detail(l));
    if (local) {
      progress.begin('local stack: Redis, PostgreSQL, Prometheus, k6');
      await requireFreePort(localServices.apiPort, 'processor API');
      await requireFreePort(localServices.workerMetricsPort, 'worker metrics');
      await ensureServices(['redis', 'postgres', 'prometheus'], cleanup, (l) => progress.detail(l));
      await ensureK6((l) => progress.detail(l));
      progress.end();

      progress.begin(`processor: API and ${opts.workers} worker(s)`);
      workerConcurrency = opts.workerConcurrency ?? defaultWorkerConcurrency;
      const processor = await startProcessor({
        workers: opts.workers,
        concurrency: workerConcurrency,
        env: {
          HEADROOM_PORT: String(localServices.apiPort),
          HEADROOM_WORKER_METRICS_PORT: String(localServices.workerMetricsPort),
        },
      }).catch((error: Error) => {
        // The children's output is in the message; the first error line is what a user needs.
        const cause = error.message.split('\n').find((l) => /error/i.test(l) && !/^\s*at /.test(l));
        throw new HeadroomError(
          `could not start the processor: ${(cause ?? error.message.split('\n')[0]).trim()}`,
        );
      });
      cleanup.add('processor', () => processor.stop());
      target = processor.url;
      apiKey = processor.apiKey;
      workerMetrics = processor.workerMetricsUrls;
      progress.detail(`API ${processor.url}, worker metrics ${workerMetrics.join(', ')}`);
      progress.end();
    }

    progress.begin(`capacity search (budget ${opts.search.budget}, ${opts.search.stepDuration} per step)`);
    const search: CapacitySearchSummary = await capacitySearch(
      {
        target,
        apiKey,
        sloFile: opts.sloFile,
        start: opts.search.start,
        step: opts.search.step,
        max: opts.search.max,
        stepDuration: opts.search.stepDuration,
        budget: opts.search.budget,
        workerMetrics,
        workers: { replicas: opts.workers, concurrency: workerConcurrency ?? 1 },
      },
      ({ phase, step }) =>
        progress.detail(
          `${phase} ${step.targetRate}/s → ${step.throughput}/s, p95 ${step.latencyMs.p95} ms${generatorLoad(step)}: ${
            step.passed ? 'pass' : step.failures.join('; ')
          }`,
        ),
    );
    progress.end(
      search.firstFailingRate === null
        ? `no rate up to ${search.maxPassingRate}/s broke an SLO: capacity is at least that (raise --search-budget, --step or --max to find the limit)`
        : `highest rate meeting every SLO: ${search.maxPassingRate}/s`,
    );

    const loadRate = opts.load.rate ?? Math.max(1, Math.floor(search.maxPassingRate * 0.7));
    progress.begin(`SLO load run at ${loadRate}/s for ${opts.load.duration}`);
    const sloRun: SuiteResult = await runSuite({
      suite: 'load',
      target,
      apiKey,
      sloFile: opts.sloFile,
      rate: loadRate,
      duration: opts.load.duration,
      onLine: () => {},
    });
    progress.end(sloRun.passed ? 'every SLO met' : `SLO failed: ${sloRun.failures.join('; ')}`);

    progress.begin('capacity model: per-pod capacity and USL fit');
    const capacity: PodCapacity = perPodCapacity(search);
    progress.end(
      `${capacity.perPodServiceRate.toFixed(1)} documents/s per pod (bottleneck: ${capacity.bottleneck})`,
    );

    progress.begin(`demand forecast over ${opts.horizon}`);
    const now = Date.now();
    const history = await demandHistory({
      prometheusUrl: opts.prometheusUrl,
      now,
      minHistoryHours: 48,
      rangeDays: 28,
    });
    progress.detail(history.detail);
    const quantiles = [...new Set([0.5, Number(opts.quantile)])].sort((a, b) => a - b);
    const forecast = forecastSeries(history.series, { horizon: horizonHours, quantiles });
    progress.end(`model ${forecast.model}`);

    progress.begin('plan and report');
    const plan = planCapacity({
      forecast: forecast.forecast,
      capacity,
      slo,
      quantile: opts.quantile,
      podStartupSeconds,
      headroom: opts.headroom,
      currentReplicas: opts.workers,
    });
    const review = buildReview({
      opts,
      slo,
      startedAt,
      target,
      local,
      workerConcurrency,
      search,
      sloRun,
      capacity,
      history,
      forecast,
      plan,
    });
    const dir = opts.outDir ?? path.join(reportsDir, startedAt.toISOString().replace(/[:.]/g, '-'));
    const files = await writeReport(dir, review);
    // The raw inputs too, so the numbers can be checked and fed to `headroom capacity plan`
    // or the autoscaler's config (`capacitySearch: <dir>/capacity-search.json`).
    for (const [name, value] of [
      ['capacity-search.json', search],
      ['load-run.json', sloRun],
    ] as const) {
      const file = path.join(dir, name);
      await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
      files.push(file);
    }
    progress.end(`wrote ${dir}`);
    return { review, dir, files };
  } finally {
    unhook();
    await cleanup.runAll((line) => progress.detail(line));
  }
}

interface ReviewParts {
  opts: ReviewOptions;
  slo: Slo;
  startedAt: Date;
  target: string;
  local: boolean;
  workerConcurrency: number | null;
  search: CapacitySearchSummary;
  sloRun: SuiteResult;
  capacity: PodCapacity;
  history: Awaited<ReturnType<typeof demandHistory>>;
  forecast: ReturnType<typeof forecastSeries>;
  plan: ReturnType<typeof planCapacity>;
}

/** The review document from the phases' results; rates are documents per second throughout. */
function buildReview(p: ReviewParts): ReviewDocument {
  const stepSeconds = p.history.series.stepMs / 1000;
  const perSecond = (v: number) => v / stepSeconds;
  const quantileKey = Object.keys(p.forecast.forecast.points[0]?.quantiles ?? {}).find(
    (k) => Number(k) === Number(p.opts.quantile),
  );
  const points = p.forecast.forecast.points.map((pt) => ({
    timestamp: pt.timestamp,
    quantiles: Object.fromEntries(Object.entries(pt.quantiles).map(([q, v]) => [q, perSecond(v)])),
  }));
  const peak = points.reduce(
    (best, pt) => {
      const value = quantileKey ? pt.quantiles[quantileKey] : 0;
      return value > best.value ? { timestamp: pt.timestamp, value } : best;
    },
    { timestamp: points[0]?.timestamp ?? 0, value: -Infinity },
  );
  const usl = p.capacity.usl;
  return {
    kind: reviewKind,
    startedAt: p.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    target: {
      url: p.target,
      startedByReview: p.local,
      workers: p.opts.workers,
      workerConcurrency: p.workerConcurrency,
    },
    slo: p.slo,
    capacitySearch: p.search,
    sloRun: {
      suite: p.sloRun.suite,
      rate: p.sloRun.rate,
      durationSeconds: p.sloRun.durationSeconds,
      passed: p.sloRun.passed,
      checks: p.sloRun.slos.map((row) => ({
        objective: row.name,
        threshold: row.objective,
        measured: row.measured,
        unit: row.unit,
        passed: row.passed,
      })),
    },
    capacity: {
      perPodRate: p.capacity.perPodServiceRate,
      usl: usl
        ? {
            sigma: usl.sigma,
            kappa: usl.kappa,
            lambda: usl.lambda,
            r2: usl.r2,
            peakConcurrency: usl.peakConcurrency,
            peakThroughput: usl.peakThroughput,
          }
        : null,
      uslNote: usl ? null : (p.capacity.notes.find((n) => n.startsWith('no USL fit')) ?? 'no fit'),
    },
    forecast: {
      source: p.history.source,
      sourceDetail: p.history.detail,
      model: p.forecast.model,
      stepSeconds,
      quantile: p.opts.quantile,
      history: p.history.series.values.map((v, i) => ({
        timestamp: p.history.series.start + i * p.history.series.stepMs,
        value: v === null ? null : perSecond(v),
      })),
      points,
      peak,
      accuracy: {
        mase: p.forecast.accuracy.mase ?? null,
        smape: p.forecast.accuracy.smape ?? null,
        ...Object.fromEntries(
          Object.entries(p.forecast.accuracy.coverage ?? {}).map(([q, c]) => [`coverage${q}`, c]),
        ),
      },
      notes: [...p.history.notes, ...p.forecast.forecast.notes],
    },
    plan: {
      quantile: p.plan.quantile,
      podStartupSeconds: p.plan.podStartupSeconds,
      headroom: p.plan.headroom,
      hours: p.plan.hours.map((h) => ({
        timestamp: Date.parse(h.hour),
        demand: h.demandRate,
        replicas: h.replicas,
      })),
      peakReplicas: p.plan.peak.replicas,
      podHours: p.plan.podHours,
      currentReplicas: p.opts.workers,
      headroomPercent: p.plan.current?.headroomPct ?? 0,
      runOutDate: p.plan.runOut.date,
      runOutNote: p.plan.runOut.note,
    },
    notes: [...p.capacity.notes, ...p.plan.notes],
  };
}
