import type { Command } from 'commander';
import { lineChart } from '../../capacity/charts/index.ts';
import { HeadroomError, InputError } from '../../common/errors.ts';
import { prepareOutputFile, writeOutputFile } from '../../common/output-files.ts';
import {
  capacityChartData,
  capacityReport,
  capacitySearch,
  generatorLoad,
  runSuite,
  suiteDefaults,
  suiteNames,
  suiteReport,
} from '../../loadtest/index.ts';
import { parseCount } from '../../loadtest/runner/args.ts';
import { action, printJson, pathArgument } from '../run.ts';

interface LoadtestFlags {
  target?: string;
  rate?: string;
  duration?: string;
  apiKey?: string;
  slo?: string;
  seed?: string;
  json?: boolean;
  start?: string;
  step?: string;
  max?: string;
  stepDuration?: string;
  budget?: string;
  resolution?: string;
  out?: string;
  chart?: string;
  workerMetrics?: string;
  workers?: string;
  workerConcurrency?: string;
  verbose?: boolean;
}

const capacityOnly = [
  'start',
  'step',
  'max',
  'stepDuration',
  'budget',
  'resolution',
  'out',
  'chart',
  'workerMetrics',
  'workers',
  'workerConcurrency',
] as const;
const suiteOnly = ['rate', 'duration'] as const;

function count(value: string | undefined, flag: string): number | undefined {
  return value === undefined ? undefined : parseCount(value, flag);
}

async function runCapacity(flags: LoadtestFlags & { target: string }): Promise<void> {
  const workerMetrics = flags.workerMetrics
    ?.split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  // Recorded with the result: a capacity figure means little without the set-up behind it.
  const replicas = count(flags.workers, '--workers') ?? (workerMetrics?.length || undefined);
  const concurrency = count(flags.workerConcurrency, '--worker-concurrency');
  // Before the search, not after it: a bad path must not throw away minutes of measuring.
  if (flags.out) prepareOutputFile(flags.out, '--out');
  if (flags.chart) prepareOutputFile(flags.chart, '--chart');
  const summary = await capacitySearch(
    {
      target: flags.target,
      start: flags.start,
      step: flags.step,
      max: flags.max,
      stepDuration: flags.stepDuration,
      budget: flags.budget,
      resolution: flags.resolution,
      apiKey: flags.apiKey,
      sloFile: flags.slo,
      seed: flags.seed,
      workerMetrics,
      workers: replicas !== undefined && concurrency !== undefined ? { replicas, concurrency } : undefined,
      onLine: flags.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
    },
    ({ phase, index, step }) => {
      const verdict = step.passed ? 'pass' : `FAIL (${step.failures.join('; ')})`;
      process.stderr.write(
        `${phase} ${index}: ${step.targetRate}/s -> ${step.throughput}/s, p95 ${step.latencyMs.p95} ms${generatorLoad(step)}, ` +
          `errors ${(step.errorRate * 100).toFixed(2)}%: ${verdict}\n`,
      );
    },
  );
  // Checked before anything is written: an empty search would report "max passing rate: 0/s".
  if (summary.steps.length === 0)
    throw new HeadroomError('the budget did not allow a single step: raise --budget');
  if (flags.out) writeOutputFile(flags.out, `${JSON.stringify(summary, null, 2)}\n`, '--out');
  if (flags.chart) writeOutputFile(flags.chart, lineChart(capacityChartData(summary)), '--chart');
  if (flags.json) printJson(summary);
  else process.stdout.write(capacityReport(summary));
}

export function register(program: Command): void {
  program
    .command('loadtest')
    .description(
      'run a k6 suite against a local target with thresholds from slo.json, or search for capacity\n' +
        suiteNames
          .map(
            (n) =>
              `  ${n.padEnd(14)} ${suiteDefaults[n].what} (default ${suiteDefaults[n].rate}/s, ${suiteDefaults[n].durationSeconds}s)`,
          )
          .join('\n') +
        `\n  ${'capacity'.padEnd(14)} step the rate, then bisect, until an SLO breaks`,
    )
    .argument('<suite>', `${suiteNames.join(' | ')} | capacity`)
    .option('--target <url>', 'the processor API (loopback only), e.g. http://127.0.0.1:18080')
    .option('--rate <n>', 'suites: arrival rate, documents per second')
    .option('--duration <d>', 'suites: how long, e.g. 30s, 2m')
    .option('--api-key <key>', 'bearer key for the target (default: the local dev key)')
    .option('--slo <file>', 'SLO file to generate thresholds from (default: slo.json)', pathArgument)
    .option('--seed <n>', 'corpus seed (default: random; printed in the report)')
    .option('--start <n>', 'capacity: first rate (default 5)')
    .option('--step <n>', 'capacity: rate increase per step, or "double" (default double)')
    .option('--max <n>', 'capacity: highest rate tried (default 200)')
    .option('--step-duration <d>', 'capacity: how long each step lasts (default 20s)')
    .option('--budget <d>', 'capacity: total time bound (default 10m)')
    .option(
      '--resolution <n>',
      'capacity: bisection stops at this gap (default step/4, or start/2 when doubling)',
    )
    .option('--out <file.json>', 'capacity: write the capacity-search summary here', pathArgument)
    .option('--chart <file.svg>', 'capacity: write the throughput/latency chart here', pathArgument)
    .option(
      '--worker-metrics <urls>',
      "capacity: workers' /metrics URLs (comma-separated) for the processed rate",
    )
    .option('--workers <n>', 'capacity: worker replicas behind the target, recorded in the summary')
    .option('--worker-concurrency <n>', 'capacity: jobs per worker, recorded in the summary')
    .option('--verbose', "capacity: stream k6's own progress too")
    .option('--json', 'print one JSON document on stdout')
    .action(
      action(async (suite: string, flags: LoadtestFlags) => {
        if (!flags.target) throw new InputError('--target <url> is required (e.g. http://127.0.0.1:18080)');
        const target = flags.target;
        const misplaced =
          suite === 'capacity'
            ? suiteOnly.filter((k) => flags[k] !== undefined)
            : capacityOnly.filter((k) => flags[k] !== undefined);
        if (misplaced.length > 0) {
          const name = misplaced[0].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
          throw new InputError(
            `--${name} does not apply to ${suite === 'capacity' ? 'capacity' : 'a suite run'}`,
          );
        }
        if (suite === 'capacity') return runCapacity({ ...flags, target });
        const result = await runSuite({
          suite,
          target,
          rate: flags.rate,
          duration: flags.duration,
          apiKey: flags.apiKey,
          sloFile: flags.slo,
          seed: flags.seed,
        });
        if (flags.json) printJson(result);
        else process.stdout.write(suiteReport(result));
        if (!result.passed) throw new HeadroomError(`SLO failed: ${result.failures.join('; ')}`);
      }),
    );
}
