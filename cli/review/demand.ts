import path from 'node:path';
import { HeadroomError } from '../../common/errors.ts';
import { metricNames } from '../../common/metric-names.ts';
import { repoRoot } from '../../common/paths.ts';
import type { Series } from '../../capacity/forecast/index.ts';
import { queryRangeSeries } from '../../capacity/forecast/prometheus-source.ts';
import { readTrace } from '../../capacity/trace/index.ts';

const hourMs = 3_600_000;
const weekMs = 7 * 24 * hourMs;

export const sampleTracePath = path.join(repoRoot, 'capacity', 'traces', 'sample-demand.csv');

/** Accepted documents per hour: the demand the review forecasts. */
export const demandQuery = `sum(increase(${metricNames.documentsReceived}{outcome="accepted"}[1h]))`;

export interface DemandHistory {
  /** Arrivals per hour, hourly steps, ending at the last whole hour. */
  series: Series;
  source: 'prometheus' | 'sample-trace';
  detail: string;
  notes: string[];
}

export interface DemandOptions {
  prometheusUrl: string | null;
  now: number;
  /** Less Prometheus history than this falls back to the sample trace. */
  minHistoryHours: number;
  rangeDays: number;
}

/**
 * Demand history for the forecast: Prometheus when it holds enough, else the bundled sample
 * trace, moved by whole weeks to end now (so weekdays and hours keep their shape). The
 * detail says which, and why, in words the report shows.
 */
export async function demandHistory(opts: DemandOptions): Promise<DemandHistory> {
  const end = Math.floor(opts.now / hourMs) * hourMs;
  let why = 'no Prometheus to read';
  if (opts.prometheusUrl) {
    try {
      const series = await queryRangeSeries({
        url: opts.prometheusUrl,
        query: demandQuery,
        start: end - opts.rangeDays * 24 * hourMs,
        end,
        stepMs: hourMs,
      });
      const first = series.values.findIndex((v) => v !== null);
      const trimmed: Series = {
        start: series.start + first * hourMs,
        stepMs: hourMs,
        values: series.values.slice(first),
      };
      const hours = trimmed.values.filter((v) => v !== null).length;
      if (hours >= opts.minHistoryHours) {
        return {
          series: trimmed,
          source: 'prometheus',
          detail: `Demand history: ${hours} h of accepted documents from Prometheus at ${opts.prometheusUrl}.`,
          notes: [],
        };
      }
      why = `Prometheus at ${opts.prometheusUrl} holds ${hours} h of demand history (${opts.minHistoryHours} h needed)`;
    } catch (error) {
      if (!(error instanceof HeadroomError)) throw error;
      why = `Prometheus gave no demand history (${error.message})`;
    }
  }
  const trace = await readTrace(sampleTracePath);
  const hourly = toHourly(trace.series);
  // Whole weeks keep weekdays and hours in place; the part that lands after now is dropped.
  const lastHour = hourly.start + (hourly.values.length - 1) * hourMs;
  const shift = Math.ceil((end - lastHour) / weekMs) * weekMs;
  const start = hourly.start + shift;
  const kept = Math.floor((end - start) / hourMs) + 1;
  return {
    series: { start, stepMs: hourMs, values: hourly.values.slice(0, kept) },
    source: 'sample-trace',
    detail: `${why}: the forecast uses the bundled sample trace (${path.basename(sampleTracePath)}), moved by whole weeks to end now — it shows how the review reads demand, not your traffic.`,
    notes: trace.notes,
  };
}

/** Sums a finer regular series into whole UTC hours; an hour with any gap is a gap. */
export function toHourly(series: Series): Series {
  if (hourMs % series.stepMs !== 0) {
    throw new HeadroomError(`cannot sum ${series.stepMs} ms steps into hours`);
  }
  const perHour = hourMs / series.stepMs;
  const offset = (hourMs - (series.start % hourMs)) % hourMs;
  const skip = offset / series.stepMs;
  const values: Array<number | null> = [];
  for (let i = skip; i + perHour <= series.values.length; i += perHour) {
    const slice = series.values.slice(i, i + perHour);
    values.push(slice.some((v) => v === null) ? null : slice.reduce<number>((a, b) => a + (b ?? 0), 0));
  }
  return { start: series.start + offset, stepMs: hourMs, values };
}
