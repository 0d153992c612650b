/** Axis ticks ("nice" 1-2-5 numbers, UTC time steps) and linear scales. */

export interface Ticks {
  /** The axis domain (for numbers: widened to whole ticks). */
  min: number;
  max: number;
  step: number;
  values: number[];
  labels: string[];
}

/** Heckbert's nice number: the 1, 2, 5 x 10^k closest to (round) or above (not round) `range`. */
export function niceNumber(range: number, round: boolean): number {
  const exponent = Math.floor(Math.log10(range));
  const fraction = range / 10 ** exponent;
  let nice: number;
  if (round) nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  else nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * 10 ** exponent;
}

// Sums of float steps drift (0.1 + 0.2); 12 significant digits is far below pixel size.
function clean(value: number): number {
  const v = Number(value.toPrecision(12));
  return Object.is(v, -0) ? 0 : v;
}

/** Tick label for a number on an axis with this step: k/M/G for big values, decimals from the step. */
export function formatTick(value: number, step: number, largest: number): string {
  const units: Array<[number, string]> = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e4, 'k'],
  ];
  let divisor = 1;
  let suffix = '';
  for (const [size, name] of units) {
    if (Math.abs(largest) >= size) {
      divisor = size === 1e4 ? 1e3 : size;
      suffix = size === 1e4 ? 'k' : name;
      break;
    }
  }
  const decimals = Math.max(0, Math.min(9, -Math.floor(Math.log10(step / divisor) + 1e-9)));
  if (value === 0 && suffix) return '0';
  const text = (value / divisor).toFixed(decimals);
  return (/^-0(\.0+)?$/.test(text) ? text.slice(1) : text) + suffix;
}

/** A short human form of any value (legends, tables): four significant digits. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(clean(Number(value.toPrecision(4))));
}

/** Nice ticks covering [lo, hi]; a zero-width range is widened upwards. */
export function numberTicks(lo: number, hi: number, target = 5): Ticks {
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) hi = lo + (Math.abs(lo) * 0.1 || 1);
  const step = niceNumber(niceNumber(hi - lo, false) / Math.max(1, target - 1), true);
  const min = clean(Math.floor(lo / step + 1e-9) * step);
  const max = clean(Math.ceil(hi / step - 1e-9) * step);
  const values: number[] = [];
  for (let i = 0; ; i++) {
    const value = clean(min + i * step);
    if (value > max + step * 1e-6) break;
    values.push(value);
  }
  const largest = Math.max(Math.abs(min), Math.abs(max));
  return { min, max, step, values, labels: values.map((v) => formatTick(v, step, largest)) };
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const timeSteps = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
];
// The Unix epoch was a Thursday: week ticks start on Mondays.
const MONDAY_OFFSET = 4 * DAY;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function timeLabel(t: number, step: number, showDate: boolean): string {
  const d = new Date(t);
  const date = `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (step >= DAY) return showDate ? `${d.getUTCFullYear()}-${date}` : date;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${step < MINUTE ? `:${pad(d.getUTCSeconds())}` : ''}`;
  return showDate ? `${date} ${time}` : time;
}

/** Ticks on a UTC time axis (Unix ms) at round steps; the domain stays the data's extent. */
export function timeTicks(lo: number, hi: number, target = 6): Ticks {
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    lo -= HOUR;
    hi += HOUR;
  }
  const span = hi - lo;
  let step = timeSteps.find((s) => span / s <= target) ?? 0;
  if (step === 0) step = niceNumber(span / DAY / target, true) * DAY;
  const offset = step >= 7 * DAY && step <= 14 * DAY ? MONDAY_OFFSET : 0;
  const values: number[] = [];
  for (let t = Math.ceil((lo - offset) / step) * step + offset; t <= hi; t += step) values.push(t);
  const labels: string[] = [];
  let lastDay = '';
  values.forEach((t, i) => {
    const day = new Date(t).toISOString().slice(0, 10);
    const year = day.slice(0, 4);
    // Show the date on the first tick and when it changes (the year, for day steps).
    const showDate = step >= DAY ? i === 0 || year !== lastDay.slice(0, 4) : i === 0 || day !== lastDay;
    labels.push(timeLabel(t, step, showDate));
    lastDay = day;
  });
  return { min: lo, max: hi, step, values, labels };
}

/** Maps a domain onto a pixel range. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0 || 1;
  return (v: number) => r0 + ((v - d0) / span) * (r1 - r0);
}
