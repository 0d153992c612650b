import type { Command } from 'commander';
import { InputError } from '../../common/errors.ts';
import { prepareOutputFile, writeOutputFile } from '../../common/output-files.ts';
import {
  forecastChart,
  forecastSeries,
  modelNames,
  parseDuration,
  parseHorizon,
  parseQuantiles,
  perSecondRates,
  queryRangeSeries,
  quantileKey,
  type ModelName,
  type Series,
} from '../../capacity/forecast/index.ts';
import { formatDuration, readTrace } from '../../capacity/trace/index.ts';
import { action, printJson, pathArgument } from '../run.ts';

interface ForecastOptions {
  trace?: string;
  prometheus?: string;
  query?: string;
  perSecond?: boolean;
  range: string;
  step: string;
  horizon: string;
  quantiles: string;
  model: string;
  origins: string;
  json?: boolean;
  chart?: string;
}

export function register(program: Command): void {
  program
    .command('forecast')
    .description('Forecast arrivals from a trace or Prometheus, with quantiles and backtest accuracy')
    .option('--trace <file>', 'trace CSV (timestamp,value)', pathArgument)
    .option('--prometheus <url>', 'Prometheus base URL (instead of --trace)')
    .option(
      '--query <promql>',
      'PromQL returning one series of arrivals per step, e.g. sum(increase(x[5m])) with --step 5m (with --prometheus)',
    )
    .option(
      '--per-second',
      'the query returns per-second rates instead, e.g. sum(rate(x[5m])): each value stands for a step of arrivals',
    )
    .option('--range <duration>', 'history to read from Prometheus', '14d')
    .option('--step <duration>', 'step of the Prometheus history', '5m')
    .requiredOption('--horizon <steps|duration>', 'how far ahead: steps (12) or a duration (1h, 2d)')
    .option('--quantiles <list>', 'comma-separated quantiles', '0.5,0.9')
    .option('--model <name>', `one of ${modelNames.join(', ')}`, 'auto')
    .option('--origins <n>', 'backtest origins for the accuracy report', '12')
    .option('--json', 'print one JSON document')
    .option('--chart <file.svg>', 'write an SVG chart of history, forecast and interval', pathArgument)
    .action(action((opts: ForecastOptions) => run(opts)));
}

async function run(opts: ForecastOptions): Promise<void> {
  const quantiles = parseQuantiles(opts.quantiles);
  if (!(modelNames as readonly string[]).includes(opts.model)) {
    throw new InputError(`--model "${opts.model}" is unknown (known: ${modelNames.join(', ')})`);
  }
  const origins = Number(opts.origins);
  if (!Number.isInteger(origins) || origins < 0)
    throw new InputError(`--origins "${opts.origins}" is not a count`);

  if (opts.chart) prepareOutputFile(opts.chart, '--chart');
  const { series, source, notes } = await loadHistory(opts);
  const horizon = parseHorizon(opts.horizon, series.stepMs);
  progress(`${series.values.length} points of ${formatDuration(series.stepMs)}, horizon ${horizon} steps`);
  const result = forecastSeries(series, {
    horizon,
    quantiles,
    model: opts.model as ModelName,
    origins,
    onProgress: progress,
  });
  const forecast = result.forecast;
  const allNotes = [...notes, ...forecast.notes];

  if (opts.chart) {
    writeOutputFile(opts.chart, forecastChart(series, forecast, `Forecast of ${source}`), '--chart');
    progress(`chart written to ${opts.chart}`);
  }
  const points = forecast.points.map((p) => {
    const row: Record<string, string | number> = { timestamp: new Date(p.timestamp).toISOString() };
    for (const q of quantiles) row[quantileKey(q)] = round(p.quantiles[String(q)]);
    return row;
  });
  if (opts.json) {
    printJson({
      model: result.model,
      step: formatDuration(series.stepMs),
      stepMs: series.stepMs,
      horizon,
      source,
      points,
      accuracy: result.accuracy,
      notes: allNotes,
    });
    return;
  }
  const out: string[] = [];
  out.push(
    `model ${result.model}, step ${formatDuration(series.stepMs)}, horizon ${horizon} steps, source ${source}`,
  );
  for (const note of allNotes) out.push(`  note: ${note}`);
  const a = result.accuracy;
  if (a.origins === 0) {
    // With no origin every error is NaN: say why there is no score instead of printing NaNs.
    out.push(
      `backtest: none (${origins === 0 ? '--origins 0' : `too little history to score a ${horizon}-step horizon`})`,
    );
  } else {
    out.push(
      `backtest (${a.origins} origins × ${a.horizon} steps): MAE ${a.mae}  RMSE ${a.rmse}  sMAPE ${a.smape}%  ` +
        `MASE ${a.mase}  MAE vs seasonal naive ${a.relativeMae}`,
    );
    out.push(
      `  coverage: ${quantiles.map((q) => `${quantileKey(q)} ${a.coverage[String(q)]}`).join('  ')}   ` +
        `pinball: ${quantiles.map((q) => `${quantileKey(q)} ${a.pinball[String(q)]}`).join('  ')}`,
    );
  }
  const keys = Object.keys(points[0]);
  const shown = points.length > 48 ? [...points.slice(0, 24), ...points.slice(-24)] : points;
  // Columns as wide as their widest cell: large traces have values wider than any fixed width.
  const widths = keys.map((k) => Math.max(k.length, ...shown.map((row) => String(row[k]).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  out.push('', line(keys));
  shown.forEach((row, i) => {
    if (points.length > 48 && i === 24) out.push(`… ${points.length - 48} more …`);
    out.push(line(keys.map((k) => String(row[k]))));
  });
  process.stdout.write(`${out.join('\n')}\n`);
}

async function loadHistory(
  opts: ForecastOptions,
): Promise<{ series: Series; source: string; notes: string[] }> {
  if (opts.trace && opts.prometheus) throw new InputError('give either --trace or --prometheus, not both');
  if (opts.trace) {
    if (opts.perSecond)
      throw new InputError('--per-second is for --prometheus queries; a trace counts arrivals');
    const parsed = await readTrace(opts.trace);
    return { series: parsed.series, source: opts.trace, notes: parsed.notes };
  }
  if (opts.prometheus) {
    if (!opts.query) throw new InputError('--prometheus needs --query');
    const rangeMs = parseDuration(opts.range, '--range');
    const stepMs = parseDuration(opts.step, '--step');
    const end = Date.now();
    progress(`reading ${opts.range} of "${opts.query}" from ${opts.prometheus}`);
    const series = await queryRangeSeries({
      url: opts.prometheus,
      query: opts.query,
      start: end - rangeMs,
      end,
      stepMs,
    });
    const missing = series.values.filter((v) => v === null).length;
    const notes = missing > 0 ? [`${missing} of ${series.values.length} steps had no sample (gaps)`] : [];
    // The spike and burst filters tell counting noise from a spike, which needs counts.
    if (opts.perSecond)
      notes.push(`values read as per-second rates: each stands for ${opts.step} of arrivals`);
    return {
      series: opts.perSecond ? perSecondRates(series) : series,
      source: `prometheus ${opts.query}`,
      notes,
    };
  }
  throw new InputError('give --trace FILE.csv or --prometheus URL --query Q');
}

function progress(message: string): void {
  process.stderr.write(`forecast: ${message}\n`);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
