/**
 * The capacity plan: replicas per hour of a forecast horizon, the peak, the cost in pod-hours,
 * the headroom at today's replica count, and when capacity runs out at the current trend.
 */
import { linearRegression } from 'simple-statistics';
import { InputError } from '../../common/errors.ts';
import type { Forecast } from '../forecast/forecaster.ts';
import { replicasForQueueWait, type QueueWaitPlan } from './erlang-c.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** How far past the horizon a trend is extrapolated before we stop believing it. */
const TREND_LIMIT_DAYS = 365;

export interface PlanCapacityInput {
  /** Values are arrivals per forecast step (the trace's unit); they are converted to a rate. */
  forecast: Forecast;
  /** Per-pod service rate and worker concurrency (a `PodCapacity` fits). */
  capacity: { perPodServiceRate: number; workerConcurrency?: number };
  /** The queue-wait objective (a whole `Slo` fits). */
  slo: { queueWait: { seconds: number; percentile: number } };
  /** The forecast quantile to plan for, e.g. '0.9' (default). */
  quantile?: string;
  podStartupSeconds: number;
  /** Keep utilisation ≤ 1 − headroom. */
  headroom: number;
  currentReplicas?: number;
  /** The most replicas allowed (an HPA's maxReplicas): the run-out date is measured against it without currentReplicas. */
  maxReplicas?: number;
  minReplicas?: number;
}

export interface PlanHour {
  /** Start of the UTC hour, ISO-8601. */
  hour: string;
  /** Highest arrival rate within the hour at the planned quantile, per second. */
  demandRate: number;
  /** Expected arrivals in the hour (sum over the forecast steps it covers). */
  arrivals: number;
  replicas: number;
  utilisation: number;
  limitedBy: QueueWaitPlan['limitedBy'];
  /** When to start scaling up so the pods are ready at the hour (pod start-up ahead), if it grows. */
  scaleUpAt: string | null;
}

export interface CapacityPlan {
  model: string;
  quantile: string;
  stepSeconds: number;
  perPodServiceRate: number;
  workerConcurrency: number;
  headroom: number;
  podStartupSeconds: number;
  queueWait: { seconds: number; percentile: number };
  hours: PlanHour[];
  peak: { hour: string; replicas: number; demandRate: number };
  /** Replica-hours over the horizon, including pods still starting. */
  podHours: number;
  /** At `currentReplicas`: spare capacity at the peak and until when it is enough. */
  current: {
    replicas: number;
    /** Highest arrival rate these replicas take within the queue-wait objective, per second. */
    capacityRate: number;
    /** (capacity − peak demand) / capacity, percent; negative when short. */
    headroomPct: number;
    /** First hour needing more replicas than now; null when enough for the whole horizon. */
    shortFrom: string | null;
  } | null;
  runOut: {
    /** The replica count whose capacity is measured: current, else max, else the planned peak. */
    replicas: number;
    basis: 'current' | 'max' | 'peak';
    capacityRate: number;
    /** When demand first exceeds that capacity; null when never (within the horizon, or within a year at the trend). */
    date: string | null;
    /** 'forecast' when the forecast itself crosses; 'trend' when extrapolated past the horizon. */
    from: 'forecast' | 'trend' | null;
    /** Demand growth of the linear trend, arrivals/s per day. */
    trendPerDay: number;
    note: string;
  };
  notes: string[];
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The quantile key of the forecast equal to `q` ('0.9', '0.90' and 'p90' all find '0.9'). */
function quantileKey(forecast: Forecast, q: string): string {
  const wanted = /^p\d/.test(q) ? Number(q.slice(1)) / 100 : Number(q);
  if (!(wanted > 0 && wanted < 1))
    throw new InputError(`quantile must be between 0 and 1 (e.g. 0.9), got ${q}`);
  const keys = Object.keys(forecast.points[0]?.quantiles ?? {});
  const key = keys.find((k) => Number(k) === wanted);
  if (key === undefined) {
    throw new InputError(`the forecast has no ${wanted} quantile (it has ${keys.join(', ') || 'none'})`);
  }
  return key;
}

/** The highest arrival rate `replicas` pods take while meeting the queue-wait objective. */
export function capacityOfReplicas(
  replicas: number,
  perPodServiceRate: number,
  workerConcurrency: number,
  queueWait: { seconds: number; percentile: number },
): number {
  if (replicas <= 0) return 0;
  const fits = (rate: number) =>
    replicasForQueueWait({
      arrivalRate: rate,
      serviceRatePerPod: perPodServiceRate,
      sloSeconds: queueWait.seconds,
      percentile: queueWait.percentile,
      workerConcurrency,
      minReplicas: 0,
      maxReplicas: replicas,
    }).replicas <= replicas;
  let lo = 0;
  let hi = replicas * perPodServiceRate;
  // Bisection: replicasForQueueWait is monotone in the rate; 50 halvings is below any unit that matters.
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    let ok: boolean;
    try {
      ok = fits(mid);
    } catch {
      ok = false;
    }
    if (ok) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * The linear trend of demand. A straight line through a seasonal forecast is biased by where
 * the cycle starts and ends, so with two or more whole days it goes through the daily peaks
 * instead; shorter horizons use the points. `reaches(level)` is when the peaks — the line
 * lifted by its largest residual — reach `level` (Unix ms; ±Infinity when never).
 */
export function demandTrend(
  rates: Array<{ t: number; rate: number }>,
  stepMs: number,
): { perDay: number; method: string; reaches: (level: number) => number } {
  const t0 = rates[0].t;
  let points = rates.map((r) => ({ t: r.t, v: r.rate }));
  let method = 'forecast points';
  const days = Math.floor((rates[rates.length - 1].t + stepMs - t0) / DAY_MS);
  if (days >= 2) {
    const peaks = Array.from({ length: days }, (_, d) => ({ t: t0 + (d + 0.5) * DAY_MS, v: -Infinity }));
    for (const r of rates) {
      const d = Math.floor((r.t - t0) / DAY_MS);
      if (d < days) peaks[d].v = Math.max(peaks[d].v, r.rate);
    }
    points = peaks;
    method = 'daily peaks';
  }
  const line =
    points.length >= 2
      ? linearRegression(points.map((p) => [(p.t - t0) / DAY_MS, p.v]))
      : { m: 0, b: points[0].v };
  const lift = Math.max(...points.map((p) => p.v - (line.b + line.m * ((p.t - t0) / DAY_MS))));
  return {
    perDay: line.m,
    method,
    reaches: (level) => (line.m === 0 ? Infinity : t0 + ((level - lift - line.b) / line.m) * DAY_MS),
  };
}

export function planCapacity(input: PlanCapacityInput): CapacityPlan {
  const { forecast, headroom, podStartupSeconds } = input;
  const perPod = input.capacity.perPodServiceRate;
  const k = input.capacity.workerConcurrency ?? 1;
  const queueWait = input.slo.queueWait;
  const minReplicas = input.minReplicas ?? 1;
  if (!(Number.isFinite(perPod) && perPod > 0))
    throw new InputError(`per-pod service rate must be > 0, got ${perPod}`);
  if (!(headroom >= 0 && headroom < 1)) throw new InputError(`headroom must be in [0, 1), got ${headroom}`);
  if (!(Number.isFinite(podStartupSeconds) && podStartupSeconds >= 0)) {
    throw new InputError(`pod start-up must be ≥ 0 seconds, got ${podStartupSeconds}`);
  }
  for (const [name, v] of [
    ['current replicas', input.currentReplicas],
    ['max replicas', input.maxReplicas],
  ] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v >= 0))
      throw new InputError(`${name} must be a whole number ≥ 0, got ${v}`);
  }
  if (forecast.points.length === 0) throw new InputError('the forecast has no points');
  if (!(forecast.stepMs > 0))
    throw new InputError(`the forecast step must be positive, got ${forecast.stepMs} ms`);
  const key = quantileKey(forecast, input.quantile ?? '0.9');
  const stepSeconds = forecast.stepMs / 1000;
  const size = (rate: number) =>
    replicasForQueueWait({
      arrivalRate: rate,
      serviceRatePerPod: perPod,
      sloSeconds: queueWait.seconds,
      percentile: queueWait.percentile,
      headroom,
      workerConcurrency: k,
      minReplicas,
    });

  interface Bucket {
    start: number;
    demandRate: number;
    arrivals: number;
    coveredMs: number;
    sized: QueueWaitPlan;
  }
  const buckets = new Map<number, Bucket>();
  const rates: Array<{ t: number; rate: number }> = [];
  for (const [i, point] of forecast.points.entries()) {
    const value = point.quantiles[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new InputError(`forecast point ${i} (${iso(point.timestamp)}) has no usable ${key} quantile`);
    }
    const rate = value / stepSeconds;
    rates.push({ t: point.timestamp, rate });
    const sized = size(rate);
    const end = point.timestamp + forecast.stepMs;
    // A step covers [t, t + step): it counts in every UTC hour it overlaps.
    for (let h = Math.floor(point.timestamp / HOUR_MS) * HOUR_MS; h < end; h += HOUR_MS) {
      const overlap = Math.min(end, h + HOUR_MS) - Math.max(point.timestamp, h);
      const bucket = buckets.get(h) ?? { start: h, demandRate: 0, arrivals: 0, coveredMs: 0, sized };
      bucket.arrivals += (value * overlap) / forecast.stepMs;
      bucket.coveredMs += overlap;
      if (rate >= bucket.demandRate) {
        bucket.demandRate = rate;
        if (sized.replicas >= bucket.sized.replicas) bucket.sized = sized;
      }
      buckets.set(h, bucket);
    }
  }
  const ordered = [...buckets.values()].sort((a, b) => a.start - b.start);
  let podHours = 0;
  let previous = input.currentReplicas ?? ordered[0].sized.replicas;
  const hours: PlanHour[] = ordered.map((b) => {
    const replicas = b.sized.replicas;
    const grows = replicas > previous;
    // Pods that start cost their start-up time too.
    if (grows) podHours += ((replicas - previous) * podStartupSeconds) / 3600;
    previous = replicas;
    podHours += (replicas * b.coveredMs) / HOUR_MS;
    return {
      hour: iso(b.start),
      demandRate: b.demandRate,
      arrivals: b.arrivals,
      replicas,
      utilisation: b.sized.utilisation,
      limitedBy: b.sized.limitedBy,
      scaleUpAt: grows ? iso(b.start - podStartupSeconds * 1000) : null,
    };
  });
  const peakHour = hours.reduce((best, h) =>
    h.replicas > best.replicas || (h.replicas === best.replicas && h.demandRate > best.demandRate) ? h : best,
  );
  const peakRate = Math.max(...rates.map((r) => r.rate));
  const notes: string[] = [...forecast.notes];
  const horizonDays = (rates[rates.length - 1].t + forecast.stepMs - rates[0].t) / DAY_MS;
  if (horizonDays < 14) {
    notes.push(
      `the trend comes from ${Number(horizonDays.toFixed(1))} days of forecast: a weekly cycle can pass for a trend; forecast two weeks or more for a run-out date to rely on`,
    );
  }

  let current: CapacityPlan['current'] = null;
  if (input.currentReplicas !== undefined) {
    const capacityRate = capacityOfReplicas(input.currentReplicas, perPod, k, queueWait);
    const short = hours.find((h) => h.replicas > (input.currentReplicas as number));
    current = {
      replicas: input.currentReplicas,
      capacityRate,
      headroomPct: capacityRate > 0 ? ((capacityRate - peakRate) / capacityRate) * 100 : -100,
      shortFrom: short ? short.hour : null,
    };
  }

  const basis: CapacityPlan['runOut']['basis'] =
    input.currentReplicas !== undefined ? 'current' : input.maxReplicas !== undefined ? 'max' : 'peak';
  const runOutReplicas = input.currentReplicas ?? input.maxReplicas ?? peakHour.replicas;
  const runOutCapacity = capacityOfReplicas(runOutReplicas, perPod, k, queueWait);
  const trend = demandTrend(rates, forecast.stepMs);
  const trendPerDay = trend.perDay;
  const crossing = rates.find((r) => r.rate > runOutCapacity);
  let runOut: CapacityPlan['runOut'];
  const label = `${runOutReplicas} replica${runOutReplicas === 1 ? '' : 's'} (${basis})`;
  if (crossing) {
    runOut = {
      replicas: runOutReplicas,
      basis,
      capacityRate: runOutCapacity,
      date: iso(crossing.t),
      from: 'forecast',
      trendPerDay,
      note: `the forecast exceeds the capacity of ${label} within the horizon`,
    };
  } else if (trendPerDay <= 0) {
    runOut = {
      replicas: runOutReplicas,
      basis,
      capacityRate: runOutCapacity,
      date: null,
      from: null,
      trendPerDay,
      note: `never: the capacity of ${label} holds for the horizon and demand is not growing`,
    };
  } else {
    const lastT = rates[rates.length - 1].t + forecast.stepMs;
    const when = Math.max(lastT, trend.reaches(runOutCapacity));
    const within = when <= lastT + TREND_LIMIT_DAYS * DAY_MS;
    runOut = {
      replicas: runOutReplicas,
      basis,
      capacityRate: runOutCapacity,
      date: within ? iso(Math.round(when / 60_000) * 60_000) : null,
      from: within ? 'trend' : null,
      trendPerDay,
      note: within
        ? `not within the horizon; at the current trend (${trend.method}) the peaks reach the capacity of ${label} then`
        : `not within the horizon, nor within ${TREND_LIMIT_DAYS} days at the current trend`,
    };
  }
  return {
    model: forecast.model,
    quantile: key,
    stepSeconds,
    perPodServiceRate: perPod,
    workerConcurrency: k,
    headroom,
    podStartupSeconds,
    queueWait: { seconds: queueWait.seconds, percentile: queueWait.percentile },
    hours,
    peak: { hour: peakHour.hour, replicas: peakHour.replicas, demandRate: peakHour.demandRate },
    podHours,
    current,
    runOut,
    notes,
  };
}
