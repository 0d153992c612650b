import { linearRegression } from 'simple-statistics';
import type { Series } from './forecaster.ts';
import { dayMs, stepsPer, weekMs } from './calendar.ts';
import { fillGaps } from './prepare.ts';

export interface Period {
  /** Length in steps. */
  steps: number;
  /** Length in milliseconds. */
  ms: number;
  /** Autocorrelation at that lag (0..1): how much the series repeats itself. */
  strength: number;
}

/**
 * Finds the seasonal periods of a series from its autocorrelation: peaks of the ACF of the
 * detrended series that stand out from the valley before them, with harmonics (two days,
 * three days) dropped unless they repeat clearly better than the shorter period (a week
 * does, on weekday/weekend traffic). Lags within 3 % of a calendar day or week snap to it.
 * Direct O(n·lag) autocorrelation: at the sizes here (≤ a few 10k points) it is tens of
 * milliseconds, so an FFT would add code without need. Strongest first, at most `max`.
 */
export function detectPeriods(series: Series, { max = 3, minStrength = 0.25 } = {}): Period[] {
  const n = series.values.length;
  const maxLag = Math.floor(n / 2);
  if (maxLag < 4) return [];
  const { values } = fillGaps(series.values);
  const { m, b } = linearRegression(values.map((v, i) => [i, v]));
  const x = values.map((v, i) => v - (m * i + b));
  const variance = x.reduce((sum, v) => sum + v * v, 0);
  if (variance === 0) return [];
  const acf = new Float64Array(maxLag + 1);
  for (let lag = 0; lag <= maxLag; lag++) {
    let sum = 0;
    for (let i = lag; i < n; i++) sum += x[i] * x[i - lag];
    // Normalised by the number of pairs, so long lags (a week) are not penalised for having fewer.
    acf[lag] = (sum / (n - lag)) * (n / variance);
  }

  const peaks: Array<{ lag: number; r: number }> = [];
  for (let lag = 3; lag <= maxLag; lag++) {
    const r = acf[lag];
    if (r < minStrength) continue;
    const w = Math.max(2, Math.floor(lag / 10));
    let isMax = true;
    for (let k = Math.max(1, lag - w); k <= Math.min(maxLag, lag + w); k++) {
      if (acf[k] > r || (acf[k] === r && k < lag)) {
        isMax = false;
        break;
      }
    }
    if (!isMax) continue;
    let valley = Infinity;
    for (let k = Math.floor(lag / 2); k < lag; k++) valley = Math.min(valley, acf[k]);
    if (r - valley >= 0.1) peaks.push({ lag, r });
  }

  const kept: Array<{ lag: number; r: number }> = [];
  for (const peak of peaks) {
    const harmonicOf = kept.filter((p) => {
      const ratio = peak.lag / p.lag;
      return Math.abs(ratio - Math.round(ratio)) < 0.05 * Math.round(ratio);
    });
    if (harmonicOf.every((p) => peak.r > p.r + 0.05)) kept.push(peak);
  }

  const calendar = [stepsPer(series, dayMs), stepsPer(series, weekMs)].filter(
    (s): s is number => s !== undefined,
  );
  const periods = kept.map(({ lag, r }) => {
    const snap = calendar.find((c) => Math.abs(lag - c) <= 0.03 * c);
    const steps = snap ?? lag;
    return {
      steps,
      ms: steps * series.stepMs,
      strength: Math.round(Math.max(r, acf[steps] ?? r) * 1000) / 1000,
    };
  });
  const unique = periods.filter((p, i) => periods.findIndex((q) => q.steps === p.steps) === i);
  return unique.sort((a, b) => b.strength - a.strength).slice(0, max);
}
