import type { FittedModel, Forecaster, Series } from './forecaster.ts';
import { describeSteps } from './calendar.ts';
import { flatFit } from './flat.ts';
import { bounded, nelderMead } from './nelder-mead.ts';
import { detectPeriods } from './periodicity.ts';
import { withEmpiricalQuantiles, type PointFit } from './point-model.ts';
import { prepare } from './prepare.ts';

export interface HoltWintersOptions {
  seasonality?: 'additive' | 'multiplicative';
  /** Season length in steps; default: the strongest detected period with two full cycles. */
  period?: number;
}

export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
  /** Trend damping: the trend fades over the horizon instead of running away. */
  phi: number;
}

/**
 * Holt-Winters exponential smoothing with a damped trend, additive or multiplicative
 * seasonality. The four smoothing parameters minimise the one-step-ahead squared error,
 * found by Nelder-Mead on a logistic map of the bounds (a few hundred O(n) passes: cheap,
 * and smooth enough that a simplex search beats a grid of the same cost).
 */
export function holtWinters(opts: HoltWintersOptions = {}): Forecaster {
  const seasonality = opts.seasonality ?? 'additive';
  return {
    name: `holt-winters-${seasonality}${opts.period ? `/${opts.period}` : ''}`,
    fit(series: Series): FittedModel {
      const prepared = prepare(series);
      const y = prepared.values;
      const n = y.length;
      const notes = [...prepared.notes];
      let period = opts.period;
      if (period === undefined) {
        const found = detectPeriods(series).find((p) => n >= 2 * p.steps);
        period = found?.steps ?? 1;
        if (!found) notes.push('holt-winters: no seasonal period found: trend and level only');
      }
      if (n < 2 * period || n < 4) {
        notes.push(
          `holt-winters: ${n} points, less than two seasons of ${describeSteps(period, series.stepMs)}: ` +
            'last value carried forward',
        );
        return withEmpiricalQuantiles(flatFit(y), prepared.observed, notes);
      }
      let kind = seasonality;
      if (kind === 'multiplicative' && y.some((v) => v <= 0)) {
        const mean = y.reduce((s, v) => s + v, 0) / n;
        if (mean <= 0) kind = 'additive';
      }
      const fit = fitHoltWinters(y, period, kind, Math.floor(initialSmoothingMs / series.stepMs));
      return withEmpiricalQuantiles(fit, prepared.observed, notes);
    },
  };
}

/**
 * The first season's shape is averaged over ±30 minutes around each step. One day of 5-minute
 * steps is 288 single noisy samples; the fitted gamma is small, so that noise stayed in the
 * seasonal factors for days (one-step errors of 14 % where the last value alone made 9 %).
 * Traffic's shape does not change within half an hour; its noise does.
 */
const initialSmoothingMs = 30 * 60_000;

export function fitHoltWinters(
  y: number[],
  period: number,
  seasonality: 'additive' | 'multiplicative',
  /** Steps on each side the first season's shape is averaged over (0: none). */
  smoothing = 0,
): PointFit & { params: HoltWintersParams } {
  const state = new HoltWintersState(
    y,
    period,
    seasonality,
    Math.min(smoothing, Math.floor((period - 1) / 2)),
  );
  const maps = [bounded(0.001, 0.999), bounded(0.0001, 0.3), bounded(0.001, 0.999), bounded(0.8, 0.999)];
  const toParams = (x: number[]): HoltWintersParams => {
    const [alpha, beta, gamma, phi] = x.map((v, i) => maps[i].toOuter(v));
    return { alpha, beta, gamma: period > 1 ? gamma : 0, phi };
  };
  const start = [0.3, 0.01, 0.1, 0.98].map((v, i) => maps[i].toInner(v));
  const best = nelderMead((x) => state.run(toParams(x)), start, { maxEvaluations: 300 });
  const params = toParams(best.x);
  state.run(params);
  return {
    name: `holt-winters-${seasonality}/${period}`,
    n: y.length,
    firstOrigin: period - 1,
    params,
    at: (t, h) => state.forecast(t, h, params.phi),
  };
}

class HoltWintersState {
  private readonly level: Float64Array;
  private readonly trend: Float64Array;
  /** The seasonal factor as updated at each time; slot t-m is the one that predicts t. */
  private readonly season: Float64Array;
  private readonly floor: number;
  /** Where the recursions start (the parameters do not change it): level and trend at m-1. */
  private readonly startLevel: number;
  private readonly startTrend: number;

  constructor(
    private readonly y: number[],
    private readonly m: number,
    private readonly kind: 'additive' | 'multiplicative',
    smoothing: number,
  ) {
    const n = y.length;
    this.level = new Float64Array(n);
    this.trend = new Float64Array(n);
    this.season = new Float64Array(n);
    const floor = Math.max(1e-6, (1e-3 * y.reduce((s, v) => s + Math.abs(v), 0)) / n);
    this.floor = floor;
    const mean = (from: number, to: number) => {
      let s = 0;
      for (let i = from; i < to; i++) s += y[i];
      return s / (to - from);
    };
    const first = mean(0, m);
    const slope = m > 1 ? (mean(m, 2 * m) - first) / m : 0;
    this.startLevel = first + (slope * (m - 1)) / 2;
    this.startTrend = slope;
    // The first season's factors, averaged over ±smoothing steps (circular: its end joins its
    // start). run() reads slots 0..m-1 and writes only later ones.
    for (let i = 0; i < m; i++) {
      let sum = 0;
      for (let k = -smoothing; k <= smoothing; k++) sum += y[(i + k + m) % m];
      const value = sum / (2 * smoothing + 1);
      this.season[i] =
        kind === 'multiplicative' ? Math.max(value, floor) / Math.max(first, floor) : value - first;
    }
  }

  /** Runs the recursions with these parameters; returns the one-step-ahead SSE. */
  run({ alpha, beta, gamma, phi }: HoltWintersParams): number {
    const { y, m, level, trend, season, floor } = this;
    const multiplicative = this.kind === 'multiplicative';
    let l = this.startLevel;
    let b = this.startTrend;
    level[m - 1] = l;
    trend[m - 1] = b;
    let sse = 0;
    for (let t = m; t < y.length; t++) {
      const s = season[t - m];
      const base = l + phi * b;
      const predicted = multiplicative ? base * s : base + s;
      const error = y[t] - predicted;
      sse += error * error;
      const nextLevel = multiplicative
        ? alpha * (y[t] / Math.max(s, 1e-6)) + (1 - alpha) * base
        : alpha * (y[t] - s) + (1 - alpha) * base;
      const l2 = multiplicative ? Math.max(nextLevel, floor) : nextLevel;
      b = beta * (l2 - l) + (1 - beta) * phi * b;
      l = l2;
      season[t] = multiplicative
        ? gamma * (y[t] / l) + (1 - gamma) * s
        : gamma * (y[t] - l) + (1 - gamma) * s;
      level[t] = l;
      trend[t] = b;
    }
    return sse;
  }

  forecast(t: number, h: number, phi: number): number {
    if (t < this.m - 1) return NaN;
    // Sum of phi^1..phi^h: the damped trend's total contribution after h steps.
    const damping = phi === 1 ? h : (phi * (1 - phi ** h)) / (1 - phi);
    const base = this.level[t] + damping * this.trend[t];
    const s = this.season[t + h - this.m * Math.ceil(h / this.m)];
    return this.kind === 'multiplicative' ? base * s : base + s;
  }
}
