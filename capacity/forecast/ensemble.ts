import type { FittedModel, Forecast, Forecaster, Series } from './forecaster.ts';
import { mae } from './accuracy.ts';
import { backtestCutoffs } from './backtest.ts';
import { dayMs, describeSteps, stepsPer } from './calendar.ts';
import { flat } from './flat.ts';
import { holtWinters } from './holt-winters.ts';
import { linearTrend } from './linear-trend.ts';
import { detectPeriods } from './periodicity.ts';
import { seasonalNaive } from './seasonal-naive.ts';

export interface EnsembleOptions {
  /** Backtest origins used to choose (default 8, spread over the last week or day). */
  origins?: number;
  /** Override the candidate list (default: built from the detected periods). */
  candidates?: (series: Series) => Forecaster[];
  /** Hears one line per candidate scored: a long history takes seconds per candidate. */
  onProgress?: (message: string) => void;
}

export interface Selection {
  chosen: Forecaster;
  /** Candidate name → backtest MAE on the selection origins, best first. */
  scores: Array<{ model: string; mae: number }>;
  notes: string[];
}

const minimumPoints = 3;

/** The candidates worth trying on this much history with these periods. */
export function defaultCandidates(series: Series): Forecaster[] {
  const n = series.values.length;
  const day = stepsPer(series, dayMs);
  const periods = detectPeriods(series).filter((p) => n >= 2 * p.steps);
  const candidates: Forecaster[] = [flat(), linearTrend(), holtWinters({ period: 1 })];
  const naivePeriods = new Set(periods.map((p) => p.steps));
  if (day !== undefined && n > day) naivePeriods.add(day);
  for (const p of naivePeriods) candidates.push(seasonalNaive(p));
  for (const p of periods) {
    candidates.push(holtWinters({ seasonality: 'additive', period: p.steps }));
    candidates.push(holtWinters({ seasonality: 'multiplicative', period: p.steps }));
  }
  return candidates;
}

/**
 * Chooses one model by rolling-origin backtest on the history itself (lowest MAE over the
 * last origins at the requested horizon). Choosing rather than averaging keeps the quantiles
 * honest: each model's intervals come from its own errors.
 */
export function selectModel(series: Series, horizon: number, opts: EnsembleOptions = {}): Selection {
  const n = series.values.length;
  const observed = series.values.filter((v) => v !== null).length;
  if (observed < minimumPoints) {
    return { chosen: flat(), scores: [], notes: [`cold start: only ${observed} point(s): flat forecast`] };
  }
  const candidates = (opts.candidates ?? defaultCandidates)(series);
  // Every candidate sees the same origins; each keeps at least half the history to train on.
  const cutoffs = backtestCutoffs(
    series,
    horizon,
    opts.origins ?? 8,
    Math.max(minimumPoints, Math.floor(n / 2)),
  );
  const day = stepsPer(series, dayMs);
  const scores: Array<{ model: string; mae: number; forecaster: Forecaster }> = [];
  const notes: string[] = [];
  if (day !== undefined && n < 2 * day) {
    notes.push(
      `cold start: ${describeSteps(n, series.stepMs)} of history, less than two days: seasonal models limited`,
    );
  }
  if (cutoffs.length === 0) {
    const fallback = day !== undefined && n > day ? seasonalNaive(day) : linearTrend();
    notes.push(`too little history to backtest a ${horizon}-step horizon: ${fallback.name}`);
    return { chosen: fallback, scores: [], notes };
  }
  // One training prefix object per cutoff, shared by all candidates (its preparation is cached).
  const trains = cutoffs.map((cutoff) => ({ ...series, values: series.values.slice(0, cutoff) }));
  for (const [i, candidate] of candidates.entries()) {
    const actual: Array<number | null> = [];
    const predicted: number[] = [];
    for (const train of trains) {
      const cutoff = train.values.length;
      const forecast = candidate.fit(train).predict(horizon, [0.5]);
      forecast.points.forEach((p, h) => {
        actual.push(series.values[cutoff + h]);
        predicted.push(p.quantiles['0.5']);
      });
    }
    const score = mae(actual, predicted);
    if (Number.isFinite(score)) scores.push({ model: candidate.name, mae: score, forecaster: candidate });
    opts.onProgress?.(
      `auto: candidate ${i + 1}/${candidates.length} ${candidate.name}: MAE ${score.toPrecision(3)} over ${cutoffs.length} origin(s)`,
    );
  }
  scores.sort((a, b) => a.mae - b.mae);
  const best = scores[0];
  notes.push(
    `auto chose ${best.forecaster.name} by backtest over ${cutoffs.length} origin(s): ` +
      scores
        .slice(0, 4)
        .map((s) => `${s.model} MAE ${s.mae.toPrecision(3)}`)
        .join(', '),
  );
  return { chosen: best.forecaster, scores: scores.map(({ model, mae }) => ({ model, mae })), notes };
}

/** The default "auto" forecaster: picks the best candidate per horizon, then fits it. */
export function ensemble(opts: EnsembleOptions = {}): Forecaster {
  return {
    name: 'auto',
    fit(series: Series): FittedModel {
      return {
        name: 'auto',
        predict(horizon: number, quantiles: number[]): Forecast {
          const selection = selectModel(series, horizon, opts);
          const forecast = selection.chosen.fit(series).predict(horizon, quantiles);
          return { ...forecast, notes: [...selection.notes, ...forecast.notes] };
        },
      };
    },
  };
}
