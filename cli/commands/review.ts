import type { Command } from 'commander';
import { capacityText, fmt, percent } from '../../capacity/report/format.ts';
import { InputError } from '../../common/errors.ts';
import { isLoopbackUrl, localServices } from '../../common/local-services.ts';
import { table } from '../../loadtest/index.ts';
import { parseStep } from '../../loadtest/runner/args.ts';
import { runReview } from '../review/run-review.ts';
import { action, printJson, pathArgument } from '../run.ts';

interface ReviewFlags {
  target?: string;
  apiKey?: string;
  prometheus: string;
  prometheusHistory: boolean;
  workers: string;
  workerConcurrency?: string;
  workerMetrics?: string;
  searchBudget: string;
  stepDuration: string;
  start: string;
  step: string;
  max: string;
  loadDuration: string;
  loadRate?: string;
  horizon: string;
  quantile: string;
  podStartup: string;
  headroom: string;
  out?: string;
  slo?: string;
  json?: boolean;
}

function positive(value: string, flag: string, integer = false): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new InputError(`${flag} must be a positive ${integer ? 'whole ' : ''}number, got "${value}"`);
  }
  return n;
}

export function register(program: Command): void {
  program
    .command('review')
    .description(
      'Capacity review: start the local stack, measure capacity and SLOs with k6, forecast demand, plan replicas, write reports/<timestamp>/',
    )
    .option(
      '--target <url>',
      'review a processor that is already running (loopback only) instead of starting one',
    )
    .option('--api-key <key>', 'API key for --target (default: $HEADROOM_API_KEY)')
    .option('--worker-metrics <urls>', 'with --target: the workers’ /metrics URLs, comma-separated')
    .option('--workers <n>', 'worker pods to start (or, with --target, that serve it)', '1')
    .option('--worker-concurrency <n>', 'jobs each worker runs at once')
    .option('--prometheus <url>', 'Prometheus holding demand history', localServices.prometheusUrl)
    .option('--no-prometheus-history', 'forecast from the bundled sample trace, not Prometheus')
    .option('--search-budget <duration>', 'longest the capacity search may run', '5m')
    .option('--step-duration <duration>', 'how long each capacity-search step holds its rate', '20s')
    .option('--start <rate>', 'first arrival rate of the capacity search (documents/s)', '10')
    .option('--step <rate>', 'increase per capacity-search step (documents/s), or "double"', 'double')
    .option('--max <rate>', 'highest arrival rate the search tries (documents/s)', '400')
    .option('--load-duration <duration>', 'length of the SLO load run', '60s')
    .option('--load-rate <rate>', 'rate of the SLO load run (default: 70 % of the measured capacity)')
    .option('--horizon <duration>', 'how far ahead to forecast and plan', '7d')
    .option('--quantile <q>', 'demand quantile to plan for', '0.9')
    .option('--pod-startup <duration>', 'time a new worker pod takes to be ready', '60s')
    .option('--headroom <fraction>', 'spare capacity to keep (utilisation ≤ 1 − headroom)', '0.2')
    .option('--out <dir>', 'report folder (default: reports/<timestamp>)', pathArgument)
    .option('--slo <file>', 'SLO file (default: slo.json)', pathArgument)
    .option('--json', 'print review.json on stdout')
    .action(
      action(async (flags: ReviewFlags) => {
        if (flags.target !== undefined && !isLoopbackUrl(flags.target)) {
          throw new InputError(
            `--target must be a loopback URL (127.0.0.1, localhost or [::1]), got "${flags.target}"`,
          );
        }
        const apiKey = flags.apiKey ?? process.env.HEADROOM_API_KEY;
        if (flags.target !== undefined && !apiKey) {
          throw new InputError('--target needs an API key: --api-key KEY or HEADROOM_API_KEY');
        }
        const quantile = Number(flags.quantile);
        if (!(quantile > 0 && quantile < 1))
          throw new InputError(`--quantile must be between 0 and 1, got "${flags.quantile}"`);
        const { review, dir } = await runReview({
          target: flags.target,
          apiKey,
          prometheusUrl: flags.prometheusHistory ? flags.prometheus : null,
          workers: positive(flags.workers, '--workers', true),
          workerConcurrency:
            flags.workerConcurrency === undefined
              ? undefined
              : positive(flags.workerConcurrency, '--worker-concurrency', true),
          workerMetrics: flags.workerMetrics
            ?.split(',')
            .map((u) => u.trim())
            .filter(Boolean),
          search: {
            start: positive(flags.start, '--start'),
            step: parseStep(flags.step, '--step'),
            max: positive(flags.max, '--max'),
            stepDuration: flags.stepDuration,
            budget: flags.searchBudget,
          },
          load: {
            duration: flags.loadDuration,
            rate: flags.loadRate === undefined ? undefined : positive(flags.loadRate, '--load-rate'),
          },
          horizon: flags.horizon,
          quantile: flags.quantile,
          podStartup: flags.podStartup,
          headroom: Number(flags.headroom),
          outDir: flags.out,
          sloFile: flags.slo,
        });
        if (flags.json) {
          printJson(review);
          return;
        }
        const failed = review.sloRun.checks.filter((c) => !c.passed).map((c) => c.objective);
        process.stdout.write(
          `\n${table(
            ['review', 'result'],
            [
              ['capacity per pod', capacityText(review)],
              [
                'SLO status',
                failed.length
                  ? `FAIL: ${failed.join(', ')}`
                  : `pass (${review.sloRun.checks.length} objectives)`,
              ],
              [
                `forecast peak (p${Number(review.forecast.quantile) * 100})`,
                `${fmt(review.forecast.peak.value, 2)} documents/s (${review.forecast.source})`,
              ],
              ['replicas needed', `${review.plan.peakReplicas} at peak (now ${review.plan.currentReplicas})`],
              ['headroom at peak', percent(review.plan.headroomPercent)],
              ['capacity runs out', review.plan.runOutDate ?? 'not within the horizon'],
            ],
          )}\n\nreport: ${dir}/index.html\n`,
        );
        if (!review.sloRun.passed) process.exitCode = 1;
      }),
    );
}
