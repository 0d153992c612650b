import FFT from 'fft.js';
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
 * O(n log n), so a long fine-grained history (300,000 one-minute steps) takes a second, not the
 * minute a direct autocorrelation over every lag took. Strongest first, at most `max`.
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
  const sums = lagProducts(x, maxLag);
  const acf = new Float64Array(maxLag + 1);
  // Normalised by the number of pairs, so long lags (a week) are not penalised for having fewer.
  for (let lag = 0; lag <= maxLag; lag++) acf[lag] = (sums[lag] / (n - lag)) * (n / variance);

  // A peak is the highest point (the first, on a tie) within a tenth of its lag either side.
  const highest = new RangeArgmax(acf);
  const peaks: Array<{ lag: number; r: number }> = [];
  for (let lag = 3; lag <= maxLag; lag++) {
    const r = acf[lag];
    if (r < minStrength) continue;
    const w = Math.max(2, Math.floor(lag / 10));
    if (highest.of(Math.max(1, lag - w), Math.min(maxLag, lag + w)) !== lag) continue;
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

/**
 * Σ x[i]·x[i-lag] for every lag up to maxLag, through the power spectrum (Wiener-Khinchin),
 * zero-padded to twice the length so no product wraps around.
 */
export function lagProducts(x: readonly number[], maxLag: number): Float64Array {
  let size = 4;
  while (size < 2 * x.length) size *= 2;
  const fft = new FFT(size);
  const input = new Array<number>(size).fill(0);
  for (let i = 0; i < x.length; i++) input[i] = x[i];
  const spectrum = fft.createComplexArray() as number[];
  fft.realTransform(spectrum, input);
  fft.completeSpectrum(spectrum);
  for (let k = 0; k < spectrum.length; k += 2) {
    spectrum[k] = spectrum[k] * spectrum[k] + spectrum[k + 1] * spectrum[k + 1];
    spectrum[k + 1] = 0;
  }
  const products = fft.createComplexArray() as number[];
  fft.inverseTransform(products, spectrum);
  const sums = new Float64Array(maxLag + 1);
  for (let lag = 0; lag <= maxLag; lag++) sums[lag] = products[2 * lag];
  return sums;
}

/**
 * The index of the largest value in a range (the first, on a tie), in constant time: a sparse
 * table of the answers for every power-of-two range. Checking each lag's window directly made
 * the peak search quadratic on long, smooth autocorrelations.
 */
class RangeArgmax {
  private readonly levels: Int32Array[];

  constructor(private readonly values: Float64Array) {
    const first = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) first[i] = i;
    this.levels = [first];
    for (let span = 2; span <= values.length; span *= 2) {
      const below = this.levels[this.levels.length - 1];
      const level = new Int32Array(values.length - span + 1);
      for (let i = 0; i < level.length; i++) level[i] = this.better(below[i], below[i + span / 2]);
      this.levels.push(level);
    }
  }

  /** Inclusive range. */
  of(from: number, to: number): number {
    const k = Math.floor(Math.log2(to - from + 1));
    return this.better(this.levels[k][from], this.levels[k][to - 2 ** k + 1]);
  }

  /** a comes before b: it wins ties. */
  private better(a: number, b: number): number {
    return this.values[b] > this.values[a] ? b : a;
  }
}
