import { perSecondRates, type Series } from '../../capacity/forecast/forecaster.ts';
import { InputError } from '../../common/errors.ts';
import { SimCluster } from './cluster.ts';
import { defaultHpaBehavior, ReactiveHpa, type HpaSpec, type MetricSample } from './hpa.ts';
import { SimulatedPredictive, type DecisionRecord, type PredictiveOptions } from './predictive.ts';

/**
 * Replays a trace through three simulated clusters side by side: the reactive HPA alone, the
 * predictive controller raising the HPA's floor (the HPA still reacting underneath), and an
 * oracle that knows the future.
 */
export type HpaMetric = 'utilisation' | 'queue';

export interface BacktestOptions {
  serviceRatePerPod: number;
  startupSeconds: number;
  tickSeconds: number;
  slo: { seconds: number; percentile: number };
  hpa: {
    minReplicas: number;
    maxReplicas: number;
    metric: HpaMetric;
    /** Utilisation (0..1) or waiting documents per pod. */
    target: number;
    behavior?: Partial<Pick<HpaSpec, 'syncPeriodSeconds' | 'tolerance' | 'scaleUp' | 'scaleDown'>>;
  };
  predictive: Omit<PredictiveOptions, 'horizonSeconds'>;
  /**
   * The window of the arrival rate the controller measures (the `rate(...[w])` of its query),
   * default 60 s. A short one is the burst detector: the planner never plans below what is
   * arriving now, so a burst is sized at the next decision rather than after a minute's average.
   */
  observedRateWindowSeconds?: number;
  /** Called now and then with the fraction done (0..1). */
  onProgress?: (fraction: number) => void;
}

export interface PolicyResult {
  violationMinutes: number;
  podHours: number;
  scaleEvents: number;
  p95WaitSeconds: number;
}

export interface TimelinePoint {
  /** Unix ms of the trace interval. */
  timestamp: number;
  /** Arrival rate in the interval (documents/s). */
  load: number;
  replicas: { reactive: number; predictive: number; oracle: number };
  /** Violation minutes within the interval. */
  violationMinutes: { reactive: number; predictive: number; oracle: number };
}

export interface BacktestResult {
  policies: { reactive: PolicyResult; predictive: PolicyResult; oracle: PolicyResult };
  timeline: TimelinePoint[];
  decisions: DecisionRecord[];
  notes: string[];
}

type PolicyName = 'reactive' | 'predictive' | 'oracle';

interface Lane {
  name: PolicyName;
  cluster: SimCluster;
  hpa?: ReactiveHpa;
  servedSinceSync: number;
  capacitySinceSync: number;
  /** Arrivals of the last ticks (the observed-rate window), for the controller's measured rate. */
  recentArrivals: number[];
}

export function runBacktest(trace: Series, options: BacktestOptions): BacktestResult {
  const { serviceRatePerPod, startupSeconds, tickSeconds, slo } = options;
  if (!(serviceRatePerPod > 0))
    throw new InputError('service rate must be a positive number of documents/s per pod');
  if (!(startupSeconds >= 0)) throw new InputError('pod start-up must be zero or more seconds');
  const tickMs = tickSeconds * 1000;
  if (trace.stepMs % tickMs !== 0) {
    throw new InputError(
      `the trace interval (${trace.stepMs / 1000}s) must be a whole number of ${tickSeconds}s ticks`,
    );
  }
  if (trace.values.length < 3) throw new InputError('the trace needs at least 3 intervals');
  const notes: string[] = [];
  const stepSeconds = trace.stepMs / 1000;
  const ticksPerStep = trace.stepMs / tickMs;
  const gaps = trace.values.filter((v) => v === null).length;
  if (gaps > 0) notes.push(`${gaps} missing intervals replayed as no arrivals`);
  const rates = perSecondRates({
    start: trace.start,
    stepMs: trace.stepMs,
    values: trace.values.map((v) => (v === null ? null : v / stepSeconds)),
  });
  const rateAt = (step: number) => rates.values[step] ?? 0;

  const behavior = { ...defaultHpaBehavior, ...options.hpa.behavior };
  const syncTicks = Math.max(1, Math.round(behavior.syncPeriodSeconds / tickSeconds));
  const decisionTicks = Math.max(1, Math.round(options.predictive.intervalSeconds / tickSeconds));
  const horizonSeconds = startupSeconds + options.predictive.intervalSeconds;
  // Each decision forecasts this far ahead: a start-up of 100000d ran out of memory.
  const traceSeconds = trace.values.length * stepSeconds;
  if (horizonSeconds >= traceSeconds) {
    throw new InputError(
      `pod start-up + decision interval (${horizonSeconds}s) must be shorter than the trace (${traceSeconds}s)`,
    );
  }
  const { minReplicas, maxReplicas } = options.hpa;
  if (!(minReplicas >= 1 && maxReplicas >= minReplicas)) {
    throw new InputError('HPA replicas: need 1 ≤ minReplicas ≤ maxReplicas');
  }

  // The oracle's ready pods needed per interval; it starts pods `startup` ahead of need.
  const needed = rates.values.map((_, i) =>
    Math.min(maxReplicas, Math.max(minReplicas, Math.ceil(rateAt(i) / serviceRatePerPod - 1e-9))),
  );
  const oracleReplicasAt = (timeSeconds: number): number => {
    const first = Math.floor(timeSeconds / stepSeconds);
    const last = Math.min(needed.length - 1, Math.floor((timeSeconds + startupSeconds) / stepSeconds));
    let most = 0;
    for (let i = first; i <= last; i++) most = Math.max(most, needed[i]);
    return most;
  };

  const initial = Math.min(
    maxReplicas,
    Math.max(minReplicas, Math.ceil(rateAt(0) / (serviceRatePerPod * utilisationTarget(options)))),
  );
  const makeLane = (name: PolicyName): Lane => ({
    name,
    cluster: new SimCluster({
      serviceRatePerPod,
      startupSeconds,
      tickSeconds,
      sloSeconds: slo.seconds,
      initialReplicas: name === 'oracle' ? needed[0] : initial,
    }),
    hpa:
      name === 'oracle' ? undefined : new ReactiveHpa({ minReplicas, maxReplicas, ...behavior } as HpaSpec),
    servedSinceSync: 0,
    capacitySinceSync: 0,
    recentArrivals: [],
  });
  const lanes = (['reactive', 'predictive', 'oracle'] as const).map(makeLane);
  const predictive = new SimulatedPredictive({ ...options.predictive, horizonSeconds }, rates);
  let floor = minReplicas;
  const rateWindowSeconds = options.observedRateWindowSeconds ?? 60;
  if (!(rateWindowSeconds >= tickSeconds)) {
    throw new InputError(`the observed-rate window must be at least one ${tickSeconds}s tick`);
  }
  const rateWindowTicks = Math.max(1, Math.round(rateWindowSeconds / tickSeconds));

  const timeline: TimelinePoint[] = [];
  const totalTicks = trace.values.length * ticksPerStep;
  const progressEvery = Math.max(1, Math.floor(totalTicks / 100));
  for (let tick = 0; tick < totalTicks; tick++) {
    const step = Math.floor(tick / ticksPerStep);
    const t = tick * tickSeconds; // seconds since the trace start
    const arrivals = rateAt(step) * tickSeconds;
    if (tick % ticksPerStep === 0) {
      timeline.push({
        timestamp: trace.start + step * trace.stepMs,
        load: rateAt(step),
        replicas: { reactive: 0, predictive: 0, oracle: 0 },
        violationMinutes: { reactive: 0, predictive: 0, oracle: 0 },
      });
    }
    const point = timeline[timeline.length - 1];

    for (const lane of lanes) {
      const { cluster } = lane;
      if (lane.name === 'oracle') {
        cluster.scaleTo(oracleReplicasAt(t), t);
      } else {
        if (lane.name === 'predictive' && tick % decisionTicks === 0) {
          const observedRate =
            lane.recentArrivals.reduce((a, b) => a + b, 0) / (lane.recentArrivals.length * tickSeconds || 1);
          const next = predictive.decide(trace.start + t * 1000, step, {
            currentFloor: floor,
            baseMin: minReplicas,
            maxReplicas,
            backlog: cluster.waiting,
            observedRate,
            serviceRatePerPod,
            slo,
          });
          if (next !== null) {
            floor = next;
            lane.hpa!.setMinReplicas(floor);
          }
        }
        if (tick % syncTicks === 0) {
          const ready = cluster.readyPods(t);
          const metric = hpaMetric(options, lane, ready, cluster.waiting);
          const desired = lane.hpa!.sync(t, cluster.replicas, ready, [metric]);
          cluster.scaleTo(desired, t);
          lane.servedSinceSync = 0;
          lane.capacitySinceSync = 0;
        }
      }
      const observation = cluster.tick(t, arrivals);
      lane.servedSinceSync += observation.served;
      lane.capacitySinceSync += observation.capacity;
      lane.recentArrivals.push(arrivals);
      if (lane.recentArrivals.length > rateWindowTicks) lane.recentArrivals.shift();
      point.replicas[lane.name] += observation.pods / ticksPerStep;
      if (observation.violation) point.violationMinutes[lane.name] += tickSeconds / 60;
    }
    if (options.onProgress && tick % progressEvery === 0) options.onProgress(tick / totalTicks);
  }
  options.onProgress?.(1);

  const result = (lane: Lane): PolicyResult => ({
    violationMinutes: round((lane.cluster.violationTicks * tickSeconds) / 60, 2),
    podHours: round(lane.cluster.podSeconds / 3600, 2),
    scaleEvents: lane.cluster.scaleEvents,
    p95WaitSeconds: lane.cluster.waitQuantile(0.95),
  });
  if (predictive.forecastFailures > 0) {
    notes.push(
      `the forecast failed ${predictive.forecastFailures} times; the predictive floor was left as it was`,
    );
  }
  return {
    policies: { reactive: result(lanes[0]), predictive: result(lanes[1]), oracle: result(lanes[2]) },
    timeline,
    decisions: predictive.decisions,
    notes,
  };
}

function utilisationTarget(options: BacktestOptions): number {
  return options.hpa.metric === 'utilisation' ? options.hpa.target : 0.9;
}

/** What the pods report to the HPA, averaged over ready pods. */
function hpaMetric(options: BacktestOptions, lane: Lane, ready: number, waiting: number): MetricSample {
  if (options.hpa.metric === 'queue') {
    return {
      name: 'waiting documents per pod',
      value: ready > 0 ? waiting / ready : waiting,
      target: options.hpa.target,
    };
  }
  // Busy fraction over the last sync period, like CPU utilisation: it saturates at 100 %.
  const value = lane.capacitySinceSync > 0 ? lane.servedSinceSync / lane.capacitySinceSync : 1;
  return { name: 'utilisation', value, target: options.hpa.target };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
