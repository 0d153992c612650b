import type { Command } from 'commander';
import { parseDuration } from '../../autoscaler/config.ts';
import {
  backtestChart,
  backtestTrace,
  defaultSafety,
  type BacktestRun,
} from '../../autoscaler/backtest/index.ts';
import { modelNames, type ModelName } from '../../capacity/forecast/index.ts';
import { readTrace } from '../../capacity/trace/index.ts';
import { InputError } from '../../common/errors.ts';
import { prepareOutputFile, writeOutputFile } from '../../common/output-files.ts';
import { loadSlo } from '../../common/slo.ts';
import { action, printJson, pathArgument } from '../run.ts';

interface Options {
  trace: string;
  serviceRate?: string;
  scale: string;
  startup: string;
  interval: string;
  rateWindow: string;
  drain: string;
  floorHold: string;
  tick: string;
  quantile: string;
  model: string;
  hpaMetric: string;
  hpaTarget?: string;
  minReplicas: string;
  maxReplicas: string;
  json?: boolean;
  chart?: string;
}

function positive(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InputError(`${flag} must be a positive number, got "${value}"`);
  return n;
}

function wholeNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InputError(`${flag} must be a whole number ≥ 1, got "${value}"`);
  return n;
}

/** A progress bar on stderr (a line per 10 % when stderr is not a terminal). */
function progressBar(): (fraction: number) => void {
  let last = -1;
  const tty = process.stderr.isTTY;
  return (fraction) => {
    const pct = Math.floor(fraction * 100);
    if (tty && pct !== last) {
      const filled = Math.round(pct / 4);
      process.stderr.write(
        `\rreplaying [${'#'.repeat(filled)}${' '.repeat(25 - filled)}] ${pct}%${pct === 100 ? '\n' : ''}`,
      );
    } else if (!tty && Math.floor(pct / 10) !== Math.floor(last / 10)) {
      process.stderr.write(`replaying: ${pct}%\n`);
    }
    last = pct;
  };
}

function table(run: BacktestRun): string {
  const rows = [['policy', 'violation min', 'pod-hours', 'scale events', 'p95 wait s']];
  for (const [name, p] of Object.entries(run.policies)) {
    rows.push([
      name,
      String(p.violationMinutes),
      String(p.podHours),
      String(p.scaleEvents),
      String(p.p95WaitSeconds),
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
    .join('\n');
}

/** The summary line under the table: predictive's violation minutes and cost against the others. */
export function comparison(policies: BacktestRun['policies']): string {
  const { reactive, predictive, oracle } = policies;
  const change =
    reactive.violationMinutes > 0
      ? Math.round((predictive.violationMinutes / reactive.violationMinutes - 1) * 100)
      : null;
  const violations =
    change === null
      ? predictive.violationMinutes > 0
        ? `${predictive.violationMinutes} where reactive had none`
        : 'none, as reactive'
      : change === 0
        ? 'the same as reactive'
        : `${change < 0 ? '−' : '+'}${Math.abs(change)} %`;
  const percentOf = (a: number, b: number) => `${((a / b) * 100).toFixed(0)} %`;
  return (
    `predictive vs reactive: violation minutes ${violations}, ` +
    `pod-hours ${percentOf(predictive.podHours, reactive.podHours)} of reactive, ` +
    `${percentOf(predictive.podHours, oracle.podHours)} of the oracle`
  );
}

export function register(program: Command): void {
  program
    .command('backtest')
    .description(
      'Replay a trace through a simulated cluster: reactive HPA vs predictive autoscaler vs oracle',
    )
    .requiredOption('--trace <file>', 'trace CSV (timestamp,value = arrivals per interval)', pathArgument)
    .option('--service-rate <r>', 'documents/s one pod completes (default: peak / 20)')
    .option('--scale <x>', 'multiply the arrivals (replay the shape at another traffic level)', '1')
    .option('--startup <duration>', 'pod start-up delay', '60s')
    // Defaults are the settings npm run bench:autoscaler measures (autoscaler/README.md).
    .option('--interval <duration>', 'predictive decision interval', '15s')
    .option('--rate-window <duration>', 'window of the observed arrival rate the planner reads', '15s')
    .option('--drain <duration>', 'time the planner gives itself to drain a backlog', '30s')
    .option('--floor-hold <duration>', 'how long a raised floor holds before it may come down', '60s')
    .option('--tick <seconds>', 'simulation tick: 1 or 5 seconds', '5')
    .option('--quantile <q>', 'forecast quantile the predictive floor is sized for', '0.75')
    .option('--model <name>', `forecast model (${modelNames.join(', ')})`, 'auto')
    .option('--hpa-metric <metric>', 'what the reactive HPA scales on: utilisation or queue', 'utilisation')
    .option('--hpa-target <value>', 'HPA target (utilisation 0..1, or waiting documents per pod)')
    .option('--min-replicas <n>', 'HPA minReplicas', '1')
    .option('--max-replicas <n>', 'HPA maxReplicas', '1000')
    .option('--json', 'print {policies: {reactive, predictive, oracle}, ...} as JSON')
    .option('--chart <file.svg>', 'write a chart of load, replicas per policy and violations', pathArgument)
    .action(
      action(async (opts: Options) => {
        const tick = Number(opts.tick);
        if (tick !== 1 && tick !== 5) throw new InputError(`--tick must be 1 or 5, got "${opts.tick}"`);
        if (!modelNames.includes(opts.model as ModelName)) {
          throw new InputError(`--model: unknown model "${opts.model}" (known: ${modelNames.join(', ')})`);
        }
        if (opts.hpaMetric !== 'utilisation' && opts.hpaMetric !== 'queue') {
          throw new InputError(`--hpa-metric must be utilisation or queue, got "${opts.hpaMetric}"`);
        }
        const quantile = Number(opts.quantile);
        if (!(quantile >= 0.5 && quantile < 1))
          throw new InputError(`--quantile must be in [0.5, 1), got "${opts.quantile}"`);
        const minReplicas = wholeNumber(opts.minReplicas, '--min-replicas');
        const maxReplicas = wholeNumber(opts.maxReplicas, '--max-replicas');
        if (maxReplicas < minReplicas) throw new InputError('--max-replicas must be at least --min-replicas');
        const slo = loadSlo();
        const { series, notes } = await readTrace(opts.trace);
        if (opts.chart) prepareOutputFile(opts.chart, '--chart');
        const run = backtestTrace(series, {
          serviceRatePerPod:
            opts.serviceRate === undefined ? undefined : positive(opts.serviceRate, '--service-rate'),
          scale: positive(opts.scale, '--scale'),
          startupSeconds: parseDuration(opts.startup, '--startup'),
          intervalSeconds: Math.max(1, parseDuration(opts.interval, '--interval')),
          observedRateWindowSeconds: Math.max(1, parseDuration(opts.rateWindow, '--rate-window')),
          drainSeconds: Math.max(1, parseDuration(opts.drain, '--drain')),
          tickSeconds: tick,
          slo: { seconds: slo.queueWait.seconds, percentile: slo.queueWait.percentile },
          quantile: String(quantile),
          model: opts.model as ModelName,
          hpaMetric: opts.hpaMetric,
          hpaTarget: opts.hpaTarget === undefined ? undefined : positive(opts.hpaTarget, '--hpa-target'),
          minReplicas,
          maxReplicas,
          safety: {
            ...defaultSafety,
            scaleDownStabilisationSeconds: parseDuration(opts.floorHold, '--floor-hold'),
          },
          onProgress: progressBar(),
        });
        if (opts.chart) writeOutputFile(opts.chart, backtestChart(run), '--chart');
        const allNotes = [...notes, ...run.notes];
        if (opts.json) {
          printJson({
            trace: opts.trace,
            settings: run.settings,
            models: run.modelChoices,
            policies: run.policies,
            notes: allNotes,
            ...(opts.chart ? { chart: opts.chart } : {}),
          });
          return;
        }
        process.stdout.write(`${table(run)}\n`);
        process.stdout.write(`\n${comparison(run.policies)}\n`);
        for (const note of allNotes) process.stdout.write(`note: ${note}\n`);
        if (opts.chart) process.stdout.write(`chart: ${opts.chart}\n`);
      }),
    );
}
