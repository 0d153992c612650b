import type { Forecast } from '../capacity/forecast/forecaster.ts';

/**
 * The planner: how many replicas the service needs over the coming horizon (pod start-up +
 * one decision interval: what we decide now only helps from then on) to keep the queue wait
 * within its SLO, given the forecast arrival rate and the backlog already waiting.
 */

/**
 * Smallest replica count whose queue wait meets the SLO at this arrival rate (capacity/model);
 * `maxReplicas + 1` when even `maxReplicas` would not.
 */
export type QueueSizer = (input: {
  arrivalRate: number;
  serviceRatePerPod: number;
  sloSeconds: number;
  percentile: number;
  maxReplicas: number;
}) => number;

export interface PlanInput {
  now: number;
  /** Arrival-rate forecast (documents/s per point) covering at least the horizon. */
  forecast: Forecast;
  quantile: string;
  horizonSeconds: number;
  /** Documents waiting now: they must be drained within the horizon, on top of new arrivals. */
  backlog: number;
  /** Drain the backlog within this many seconds (default, 0 or more than the horizon: the horizon). */
  drainSeconds?: number;
  /** The arrival rate measured over the last minutes (documents/s): never plan below what is already here. */
  observedRate?: number;
  serviceRatePerPod: number;
  slo: { seconds: number; percentile: number };
  /** The HPA's maxReplicas: the sizing stops past it. */
  maxReplicas: number;
}

export interface Plan {
  /** `maxReplicas + 1` means more than the HPA may run (the safety policy holds it at the maximum). */
  replicas: number;
  /** Replicas for the arrivals alone, without draining the backlog (a one-off, not a trend). */
  replicasForArrivals: number;
  /** The highest forecast arrival rate within the horizon (documents/s). */
  peakRate: number;
  /** Extra rate needed to drain the backlog within the horizon (documents/s). */
  drainRate: number;
  /** Why: the inputs in words, for the decision log and Event. */
  explanation: string;
}

export class Planner {
  constructor(private readonly sizer: QueueSizer) {}

  plan(input: PlanInput): Plan {
    const { forecast, quantile, now, horizonSeconds } = input;
    const end = now + horizonSeconds * 1000;
    let peakRate = 0;
    let used = 0;
    for (const point of forecast.points) {
      // A point covers [timestamp, timestamp + step): take every point overlapping the horizon.
      if (point.timestamp + forecast.stepMs <= now || point.timestamp >= end) continue;
      const value = point.quantiles[quantile];
      if (value === undefined || !Number.isFinite(value)) {
        throw new Error(
          `forecast has no finite quantile ${quantile} at ${new Date(point.timestamp).toISOString()}`,
        );
      }
      peakRate = Math.max(peakRate, value);
      used++;
    }
    if (used === 0) throw new Error('forecast does not cover the planning horizon');
    const observed = input.observedRate ?? 0;
    const demand = Math.max(peakRate, observed, 0);
    // Drain within the horizon, or sooner when asked: a backlog older than the SLO is a
    // violation every tick until it is gone, so draining it fast buys more than it costs.
    const drainSeconds =
      input.drainSeconds !== undefined && input.drainSeconds > 0
        ? Math.min(horizonSeconds, input.drainSeconds)
        : horizonSeconds;
    const drainRate = Math.max(0, input.backlog) / drainSeconds;
    const size = (arrivalRate: number) =>
      this.sizer({
        arrivalRate,
        serviceRatePerPod: input.serviceRatePerPod,
        sloSeconds: input.slo.seconds,
        percentile: input.slo.percentile,
        maxReplicas: input.maxReplicas,
      });
    const replicas = size(demand + drainRate);
    const replicasForArrivals = drainRate > 0 ? size(demand) : replicas;
    const count = replicas > input.maxReplicas ? `more than ${input.maxReplicas}` : String(replicas);
    const explanation =
      `forecast p${Math.round(Number(quantile) * 100)} peak ${peakRate.toFixed(3)}/s over ${horizonSeconds}s` +
      (observed > peakRate ? `, observed ${observed.toFixed(3)}/s is higher` : '') +
      `, backlog ${input.backlog.toFixed(0)} (+${drainRate.toFixed(3)}/s to drain in ${drainSeconds}s)` +
      `, ${input.serviceRatePerPod}/s per pod → ${count} replicas`;
    return { replicas, replicasForArrivals, peakRate, drainRate, explanation };
  }
}
