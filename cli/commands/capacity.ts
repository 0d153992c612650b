import type { Command } from 'commander';
import { InputError } from '../../common/errors.ts';
import { prepareOutputFile, writeOutputFile } from '../../common/output-files.ts';
import { loadSlo } from '../../common/slo.ts';
import {
  formatCapacity,
  formatPlan,
  loadCapacitySearch,
  loadForecastFile,
  parseDurationSeconds,
  perPodCapacity,
  planCapacity,
  planChart,
  uslChart,
} from '../../capacity/model/index.ts';
import { action, printJson, pathArgument } from '../run.ts';

interface FitFlags {
  loadtest: string;
  chart?: string;
  json?: boolean;
}

interface PlanFlags extends FitFlags {
  forecast: string;
  quantile: string;
  podStartup: string;
  headroom: string;
  replicas?: string;
  maxReplicas?: string;
  slo?: string;
}

function wholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new InputError(`${flag} must be a whole number ≥ 0, got "${value}"`);
  return Number(value);
}

function fraction(value: string, flag: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n >= 1) {
    throw new InputError(`${flag} must be a fraction in [0, 1) such as 0.2, got "${value}"`);
  }
  return n;
}

function writeChart(file: string, svg: string): void {
  if (!file.toLowerCase().endsWith('.svg'))
    throw new InputError(`--chart must name an .svg file, got ${file}`);
  prepareOutputFile(file, '--chart');
  writeOutputFile(file, svg, '--chart');
  process.stderr.write(`chart written to ${file}\n`);
}

export function register(program: Command): void {
  const capacity = program
    .command('capacity')
    .description('the capacity model: per-pod capacity from a load test (USL) and replicas for a forecast');

  capacity
    .command('fit')
    .description('fit the Universal Scalability Law to a capacity search and print the per-pod capacity')
    .requiredOption(
      '--loadtest <file>',
      'capacity-search summary (headroom loadtest capacity --json)',
      pathArgument,
    )
    .option('--chart <file.svg>', 'write the throughput-vs-concurrency chart with the fit', pathArgument)
    .option('--json', 'print one JSON document')
    .action(
      action(async (flags: FitFlags) => {
        const summary = loadCapacitySearch(flags.loadtest);
        const result = perPodCapacity(summary);
        if (flags.chart) writeChart(flags.chart, uslChart(summary, result));
        if (flags.json) printJson(result);
        else process.stdout.write(`${formatCapacity(result)}\n`);
      }),
    );

  capacity
    .command('plan')
    .description('replicas per hour of a forecast horizon, peak, pod-hours and the run-out date')
    .requiredOption(
      '--loadtest <file>',
      'capacity-search summary (headroom loadtest capacity --json)',
      pathArgument,
    )
    .requiredOption('--forecast <file>', 'forecast (headroom forecast --json)', pathArgument)
    .option('--quantile <q>', 'forecast quantile to plan for', '0.9')
    .option('--pod-startup <duration>', 'time a new pod takes to serve (e.g. 60s, 2m)', '60s')
    .option('--headroom <fraction>', 'keep utilisation at most 1 − headroom', '0.2')
    .option('--replicas <n>', 'replicas running now: headroom and run-out date against them')
    .option(
      '--max-replicas <n>',
      'most replicas allowed: run-out date against them when --replicas is not given',
    )
    .option('--slo <file>', 'SLO file (default: slo.json at the repository root)', pathArgument)
    .option('--chart <file.svg>', 'write the demand and replicas chart', pathArgument)
    .option('--json', 'print one JSON document')
    .action(
      action(async (flags: PlanFlags) => {
        const podStartupSeconds = parseDurationSeconds(flags.podStartup);
        if (podStartupSeconds === null && !/^0+s?$/.test(flags.podStartup.trim())) {
          throw new InputError(`--pod-startup must be a duration like 60s or 2m, got "${flags.podStartup}"`);
        }
        const headroom = fraction(flags.headroom, '--headroom');
        const currentReplicas = wholeNumber(flags.replicas, '--replicas');
        const maxReplicas = wholeNumber(flags.maxReplicas, '--max-replicas');
        const slo = loadSlo(flags.slo);
        const summary = loadCapacitySearch(flags.loadtest);
        const forecast = loadForecastFile(flags.forecast);
        const pod = perPodCapacity(summary);
        const plan = planCapacity({
          forecast,
          capacity: pod,
          slo,
          quantile: flags.quantile,
          podStartupSeconds: podStartupSeconds ?? 0,
          headroom,
          currentReplicas,
          maxReplicas,
        });
        if (flags.chart) writeChart(flags.chart, planChart(plan));
        if (flags.json) printJson({ capacity: pod, plan });
        else process.stdout.write(`${formatPlan(plan)}\n`);
      }),
    );
}
