/**
 * Deterministic synthetic traffic traces of known structure, for tests and the bundled
 * sample traces. Run `npx tsx capacity/traces/generate.ts` to rewrite the committed CSVs
 * (the same seed always gives the same bytes).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Series } from '../forecast/forecaster.ts';
import { seriesToCsv } from '../trace/io.ts';

export interface SyntheticOptions {
  seed: number;
  /** Unix ms of the first point (the bundled traces start on a Monday, 00:00 UTC). */
  start: number;
  stepMs: number;
  steps: number;
  /** Mean arrivals per interval at the daily peak hour on a weekday, before trend. */
  base: number;
  /** Share of the daily peak that remains at night (0..1). */
  nightFloor: number;
  /** Saturday and Sunday multiplier (1 = no weekly cycle). */
  weekendFactor: number;
  /** Relative growth per week (0.02 = +2 % a week), linear. */
  trendPerWeek: number;
  /** Persistent (AR(1), log-scale) deviation: stationary standard deviation and per-step memory. */
  drift: { sd: number; phi: number };
  /** Independent relative noise per interval, on top of Poisson counting noise. */
  noise: number;
  /** Short bursts: expected number per day, duration range in intervals, multiplier range. */
  bursts?: { perDay: number; steps: [number, number]; factor: [number, number] };
  /** Round to whole arrivals. */
  integer: boolean;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const weekMs = 7 * dayMs;

/** mulberry32: a tiny seeded PRNG; Math.random cannot be seeded. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Office-hours shape: a morning and an afternoon hump over a night floor; peak 1. */
export function dailyShape(hourOfDay: number, nightFloor: number): number {
  const bump = (center: number, width: number) => Math.exp(-0.5 * ((hourOfDay - center) / width) ** 2);
  const humps = Math.min(1, bump(11, 2.6) + 0.85 * bump(16, 2.4));
  return nightFloor + (1 - nightFloor) * humps;
}

/** The noise-free mean at time t: what a perfect forecaster would predict before drift. */
export function expectedValue(opts: SyntheticOptions, t: number): number {
  const hour = (((t % dayMs) + dayMs) % dayMs) / hourMs;
  const weekday = new Date(t).getUTCDay();
  const weekly = weekday === 0 || weekday === 6 ? opts.weekendFactor : 1;
  const trend = 1 + (opts.trendPerWeek * (t - opts.start)) / weekMs;
  return opts.base * dailyShape(hour, opts.nightFloor) * weekly * trend;
}

export function synthesize(opts: SyntheticOptions): Series {
  return synthesizeWithMeans(opts).series;
}

/**
 * A trace and, per interval, what it was drawn from: `means` (daily and weekly shape, trend,
 * drift and any burst) and `baselines` (the same without the burst), before the per-interval
 * noise and counting noise that no forecaster can know.
 */
export function synthesizeWithMeans(opts: SyntheticOptions): {
  series: Series;
  means: number[];
  baselines: number[];
} {
  const random = seededRandom(opts.seed);
  const innovation = opts.drift.sd * Math.sqrt(1 - opts.drift.phi ** 2);
  let drift = 0;
  let burstLeft = 0;
  let burstFactor = 1;
  const burstChance = opts.bursts ? (opts.bursts.perDay * opts.stepMs) / dayMs : 0;
  const values: number[] = [];
  const means: number[] = [];
  const baselines: number[] = [];
  for (let i = 0; i < opts.steps; i++) {
    const t = opts.start + i * opts.stepMs;
    drift = opts.drift.phi * drift + innovation * normal(random);
    if (opts.bursts && burstLeft === 0 && random() < burstChance) {
      const [minSteps, maxSteps] = opts.bursts.steps;
      const [minFactor, maxFactor] = opts.bursts.factor;
      burstLeft = minSteps + Math.floor(random() * (maxSteps - minSteps + 1));
      burstFactor = minFactor + random() * (maxFactor - minFactor);
    }
    const burst = burstLeft > 0 ? burstFactor : 1;
    if (burstLeft > 0) burstLeft--;
    const baseline = expectedValue(opts, t) * Math.exp(drift);
    baselines.push(baseline);
    means.push(baseline * burst);
    const mean = baseline * burst * (1 + opts.noise * normal(random));
    // Poisson counting noise, by its normal approximation (means here are in the tens or more).
    const value = Math.max(0, mean + Math.sqrt(Math.max(mean, 0)) * normal(random));
    values.push(opts.integer ? Math.round(value) : Math.round(value * 1000) / 1000);
  }
  return { series: { start: opts.start, stepMs: opts.stepMs, values }, means, baselines };
}

const monday = Date.UTC(2026, 8, 7); // 2026-09-07T00:00:00Z
const fiveMinutes = 5 * 60_000;

/** The bundled traces: name → options. Tests regenerate from these to know the truth. */
export const bundled: Record<string, SyntheticOptions> = {
  'daily-weekly': {
    seed: 5,
    start: monday,
    stepMs: fiveMinutes,
    steps: 5 * 2016, // 5 weeks
    base: 400,
    nightFloor: 0.15,
    weekendFactor: 0.45,
    trendPerWeek: 0.02,
    drift: { sd: 0.08, phi: 0.97 },
    noise: 0.04,
    integer: true,
  },
  bursty: {
    seed: 11,
    start: monday,
    stepMs: fiveMinutes,
    steps: 3 * 2016, // 3 weeks
    base: 250,
    nightFloor: 0.2,
    weekendFactor: 0.8,
    trendPerWeek: 0,
    drift: { sd: 0.05, phi: 0.95 },
    noise: 0.05,
    bursts: { perDay: 2, steps: [2, 9], factor: [1.6, 3] },
    integer: true,
  },
  'sample-demand': {
    seed: 42,
    start: monday,
    stepMs: fiveMinutes,
    steps: 4 * 2016, // 4 weeks
    base: 6000, // documents per 5 minutes at the weekday peak: 20 documents/s
    nightFloor: 0.1,
    weekendFactor: 0.5,
    trendPerWeek: 0.03,
    drift: { sd: 0.07, phi: 0.97 },
    noise: 0.03,
    integer: true,
  },
};

export const tracesDir = path.dirname(fileURLToPath(import.meta.url));

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [name, opts] of Object.entries(bundled)) {
    const file = path.join(tracesDir, `${name}.csv`);
    writeFileSync(file, seriesToCsv(synthesize(opts)));
    process.stderr.write(`wrote ${path.relative(process.cwd(), file)} (${opts.steps} points)\n`);
  }
}
