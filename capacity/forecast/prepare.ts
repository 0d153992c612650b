import type { Series } from './forecaster.ts';
import { dayMs, describeSteps, stepsPer, weekMs } from './calendar.ts';

/** The fitting copy of a series: no gaps, spikes tamed, an old level shift evened out. */
export interface Prepared {
  values: number[];
  /**
   * The observations to measure errors against: raw (spikes and gaps kept), but rescaled
   * like the fitting copy before a level shift, so old errors are not biased by the shift.
   */
  observed: Series;
  /** What was done, in plain words, for the forecast notes. */
  notes: string[];
  filled: number;
  outliers: number;
  levelShift?: { index: number; ratio: number };
}

/**
 * Prepares the copy that models fit on. The raw series stays untouched: interval errors are
 * measured against what was really observed, spikes included.
 */
export function prepare(series: Series): Prepared {
  // Backtests fit many models on the same training prefix: prepare each prefix once.
  // Models only read the prepared copy, so sharing it is safe; a Series is never mutated
  // after it is handed to a forecaster (the seam treats it as a value).
  let prepared = cache.get(series);
  if (!prepared) cache.set(series, (prepared = prepareUncached(series)));
  return prepared;
}

const cache = new WeakMap<Series, Prepared>();

function prepareUncached(series: Series): Prepared {
  const n = series.values.length;
  const day = stepsPer(series, dayMs);
  const week = stepsPer(series, weekMs);
  const notes: string[] = [];
  const fillPeriod = day !== undefined && n >= 2 * day ? day : undefined;
  const { values, filled } = fillGaps(series.values, fillPeriod);
  if (filled > 0) {
    notes.push(
      `${filled} missing interval(s) filled for fitting (${fillPeriod ? 'seasonal copy' : 'linear'})`,
    );
  }
  const countsPerValue = series.countsPerValue ?? 1;
  const outliers = hampel(values, 3, 4, countsPerValue);
  if (outliers > 0)
    notes.push(`${outliers} spike(s) replaced by the local median for fitting (Hampel filter)`);
  const bursts = day !== undefined ? seasonalBursts(values, day, 4, countsPerValue) : 0;
  if (bursts > 0) {
    notes.push(
      `${bursts} interval(s) of one-off bursts or dips replaced by the same time on other days for fitting`,
    );
  }
  // The weekly period when there are two weeks, so a weekend is not mistaken for a shift.
  const shiftPeriod =
    week !== undefined && n >= 2 * week ? week : day !== undefined && n >= 2 * day ? day : undefined;
  const levelShift = shiftPeriod ? evenOutLevelShift(values, shiftPeriod) : undefined;
  if (levelShift) {
    const when = new Date(series.start + levelShift.index * series.stepMs).toISOString();
    notes.push(
      `level shift ×${levelShift.ratio.toFixed(2)} near ${when} (vs ${describeSteps(shiftPeriod!, series.stepMs)} ` +
        `earlier): older history rescaled for fitting`,
    );
  }
  const observed: Series = levelShift
    ? {
        ...series,
        values: series.values.map((v, i) => (v !== null && i < levelShift.index ? v * levelShift.ratio : v)),
      }
    : series;
  return { values, observed, notes, filled, outliers, levelShift };
}

/**
 * Fills gaps: short ones (up to an hour's worth of 12 steps) by linear interpolation; longer
 * ones by copying the value one period earlier (later, at the start), shifted so it joins
 * the observed ends, when a period is known; otherwise linearly / by the nearest value.
 */
export function fillGaps(
  raw: ReadonlyArray<number | null>,
  period?: number,
): { values: number[]; filled: number } {
  const n = raw.length;
  const values = raw.map((v) => (v === null ? NaN : v));
  let filled = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(values[i])) continue;
    let j = i;
    while (j < n && Number.isNaN(values[j])) j++;
    // run [i, j)
    const left = i > 0 ? values[i - 1] : undefined;
    const right = j < n ? values[j] : undefined;
    const length = j - i;
    const seasonal = period !== undefined && length > 12;
    for (let t = i; t < j; t++) {
      const donor =
        period === undefined
          ? undefined
          : t - period >= 0
            ? t - period
            : t + period < n
              ? t + period
              : undefined;
      const donorValue = donor === undefined ? NaN : values[donor];
      if ((seasonal || left === undefined || right === undefined) && !Number.isNaN(donorValue)) {
        // Offset so the copy meets the observed ends (where their donors are known).
        const leftOffset = left !== undefined && i - 1 - period! >= 0 ? left - values[i - 1 - period!] : 0;
        const rightOffset =
          right !== undefined && j - period! >= 0 && j - period! < n ? right - values[j - period!] : 0;
        const w = (t - i + 1) / (length + 1);
        const offset =
          Number.isNaN(leftOffset) || Number.isNaN(rightOffset) ? 0 : (1 - w) * leftOffset + w * rightOffset;
        values[t] = Math.max(0, donorValue + offset);
      } else if (left !== undefined && right !== undefined) {
        values[t] = left + ((right - left) * (t - i + 1)) / (length + 1);
      } else {
        values[t] = left ?? right ?? 0;
      }
      filled++;
    }
    i = j - 1;
  }
  // A leading run whose donor was itself missing: take the first known value.
  const firstKnown = values.find((v) => !Number.isNaN(v)) ?? 0;
  for (let t = 0; t < n; t++) if (Number.isNaN(values[t])) values[t] = firstKnown;
  return { values, filled };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Hampel filter, in place: a point further than `sigmas` robust standard deviations
 * (1.4826 × MAD) from the median of its ±halfWindow neighbours becomes that median.
 * A short window only catches spikes a few steps long; sustained bursts are real demand.
 */
export function hampel(values: number[], halfWindow: number, sigmas: number, countsPerValue = 1): number {
  const source = values.slice();
  const window = new Float64Array(2 * halfWindow + 1);
  const deviations = new Float64Array(2 * halfWindow + 1);
  let replaced = 0;
  for (let i = 0; i < source.length; i++) {
    const from = Math.max(0, i - halfWindow);
    const to = Math.min(source.length, i + halfWindow + 1);
    const size = to - from;
    for (let k = 0; k < size; k++) window[k] = source[from + k];
    const med = sortedMedian(window.subarray(0, size).sort());
    for (let k = 0; k < size; k++) deviations[k] = Math.abs(window[k] - med);
    const mad = 1.4826 * sortedMedian(deviations.subarray(0, size).sort());
    // Poisson counts: never call a deviation within a few counting-noise sigmas a spike.
    const scale = Math.max(mad, countingNoise(med, countsPerValue));
    if (Math.abs(source[i] - med) > sigmas * scale) {
      values[i] = med;
      replaced++;
    }
  }
  return replaced;
}

/**
 * One-off bursts and dips, in place: a point far from the same phase of the periods around it
 * (±3), once the level of the hours around it is allowed for (a weekend or a trend moves whole
 * hours together; a burst moves a few steps), becomes that seasonal value at the local level.
 * Without this a seasonal model replays yesterday's burst today at the same time. The Hampel
 * filter cannot see such bursts: they last longer than its window. A burst still going at the
 * end of the series matches the steps after it and stays: it is what is happening now. Needs
 * three periods (a median of two cannot tell which one was unusual). Returns how many points
 * were replaced.
 */
export function seasonalBursts(values: number[], period: number, sigmas = 4, countsPerValue = 1): number {
  const n = values.length;
  if (n < 3 * period) return 0;
  const tiny = 1e-9;
  const base = new Float64Array(n);
  const phase = new Float64Array(7);
  for (let i = 0; i < n; i++) {
    let size = 0;
    for (let k = -3; k <= 3; k++) {
      const j = i + k * period;
      if (j >= 0 && j < n) phase[size++] = values[j];
    }
    base[i] = Math.max(tiny, sortedMedian(phase.subarray(0, size).sort()));
  }
  const ratio = new Float64Array(n);
  for (let i = 0; i < n; i++) ratio[i] = Math.log(Math.max(tiny, values[i]) / base[i]);
  // The local level of the ratio on each side: a median over period/6 before and after, on a
  // grid (a median per point would sort 241 values 100,000 times for a minute-step series). A
  // point near a step (the weekend starting at midnight) matches one side; a burst neither.
  const half = Math.max(6, Math.round(period / 6));
  const stride = Math.max(1, Math.floor(half / 4));
  const grid = Math.ceil(n / stride) + 1;
  const before = new Float64Array(grid);
  const after = new Float64Array(grid);
  for (let g = 0; g < grid; g++) {
    const center = Math.min(n - 1, g * stride);
    before[g] = sortedMedian(ratio.slice(Math.max(0, center - half), center + 1).sort());
    after[g] = sortedMedian(ratio.slice(center, Math.min(n, center + half + 1)).sort());
  }
  const deviation = new Float64Array(n);
  const level = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = Math.round(i / stride);
    const fromBefore = Math.abs(ratio[i] - before[g]);
    const fromAfter = Math.abs(ratio[i] - after[g]);
    deviation[i] = Math.min(fromBefore, fromAfter);
    level[i] = fromBefore <= fromAfter ? before[g] : after[g];
  }
  const scale = 1.4826 * sortedMedian(deviation.slice().sort());
  let replaced = 0;
  for (let i = 0; i < n; i++) {
    if (!(deviation[i] > sigmas * scale)) continue;
    const expected = base[i] * Math.exp(level[i]);
    // Poisson counts: never call a deviation within a few counting-noise sigmas a burst.
    if (Math.abs(values[i] - expected) <= sigmas * countingNoise(expected, countsPerValue)) continue;
    values[i] = expected;
    replaced++;
  }
  return replaced;
}

/** One sigma of Poisson counting noise around `value`, in the series' own unit. */
function countingNoise(value: number, countsPerValue: number): number {
  return Math.sqrt(Math.max(value * countsPerValue, 1)) / countsPerValue;
}

function sortedMedian(sorted: Float64Array): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Finds one persistent level shift: a window whose median differs from the same phase one
 * period earlier by more than 35 %, while the end of the series still differs the same way
 * from the same phase before the shift, and the period before it was stable (a ramp is a
 * trend, not a shift). History before the shift is rescaled (in place) so
 * seasonal models do not average two levels. Returns undefined when there is none.
 */
export function evenOutLevelShift(
  values: number[],
  period: number,
): { index: number; ratio: number } | undefined {
  const n = values.length;
  const window = Math.max(12, Math.floor(period / 24));
  const threshold = Math.log(1.35);
  const ratioAt = (a: number, b: number) => {
    const after = median(values.slice(a, a + window));
    const before = median(values.slice(b, b + window));
    return Math.log(Math.max(after, 1e-9) / Math.max(before, 1e-9));
  };
  const stride = Math.max(1, Math.floor(window / 4));
  for (let tau = n - window; tau >= period; tau -= stride) {
    const jump = ratioAt(tau, tau - period);
    if (Math.abs(jump) < threshold) continue;
    // Persistence: the end of the series against the same phase before tau.
    const end = n - window;
    const back = period * Math.ceil((end - tau + window) / period);
    if (end - back < 0) return undefined;
    const persistent = ratioAt(end, end - back);
    if (Math.abs(persistent) < threshold || Math.sign(persistent) !== Math.sign(jump)) return undefined;
    // Walk back to the first window that shows the jump: it starts about half a window
    // before the shift.
    let first = tau;
    while (
      first - stride >= period &&
      Math.sign(ratioAt(first - stride, first - stride - period)) === Math.sign(jump)
    ) {
      if (Math.abs(ratioAt(first - stride, first - stride - period)) < threshold) break;
      first -= stride;
    }
    // A step, not a ramp: the period before the shift must have been stable.
    if (first - 2 * period < 0 || Math.abs(ratioAt(first - period, first - 2 * period)) > threshold / 2) {
      return undefined;
    }
    const index = Math.min(n - 1, first + Math.floor(window / 2));
    const ratio = Math.exp(persistent);
    for (let t = 0; t < index; t++) values[t] *= ratio;
    return { index, ratio };
  }
  return undefined;
}
