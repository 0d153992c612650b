/**
 * M/M/c queueing (Erlang C) and Little's law. Written by hand: a few closed forms, and the
 * usual textbook form A^c/c! overflows past c ≈ 170; the Erlang B recursion
 * B(k) = A·B(k−1) / (k + A·B(k−1)) stays in [0, 1] for any c, and C follows from B.
 */
import { InputError } from '../../common/errors.ts';

/** More replicas would be needed than the sizing may use (`maxReplicas`). */
export class ReplicasAboveMaximum extends InputError {
  constructor(
    readonly maxReplicas: number,
    arrivalRate: number,
    serviceRatePerPod: number,
  ) {
    super(
      `more than ${maxReplicas} replicas would be needed for ${arrivalRate}/s at ${serviceRatePerPod}/s per pod`,
    );
    this.name = 'ReplicasAboveMaximum';
  }
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new InputError(message);
}

function checkServers(servers: number): void {
  check(Number.isInteger(servers) && servers >= 1, `servers must be a whole number ≥ 1, got ${servers}`);
}

function checkLoad(load: number): void {
  check(Number.isFinite(load) && load >= 0, `offered load must be a finite number ≥ 0, got ${load}`);
}

/** Erlang B: blocking probability with `servers` servers and offered load A = λ/μ (erlangs). */
export function erlangB(servers: number, load: number): number {
  checkServers(servers);
  checkLoad(load);
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (load * b) / (k + load * b);
  return b;
}

/** Erlang C from Erlang B with the same servers and load (for incremental searches). */
export function erlangCFromB(servers: number, load: number, b: number): number {
  if (load >= servers) return 1;
  return (servers * b) / (servers - load * (1 - b));
}

/** Erlang C: probability an arrival waits (all servers busy); 1 when the queue is unstable (A ≥ c). */
export function erlangC(servers: number, load: number): number {
  return erlangCFromB(servers, load, erlangB(servers, load));
}

export interface MmcInput {
  /** Arrivals per second (λ). */
  arrivalRate: number;
  /** Completions per second of one server (μ). */
  serviceRate: number;
  servers: number;
}

function loadOf(q: MmcInput): number {
  check(
    Number.isFinite(q.arrivalRate) && q.arrivalRate >= 0,
    `arrival rate must be ≥ 0, got ${q.arrivalRate}`,
  );
  check(
    Number.isFinite(q.serviceRate) && q.serviceRate > 0,
    `service rate must be > 0, got ${q.serviceRate}`,
  );
  checkServers(q.servers);
  return q.arrivalRate / q.serviceRate;
}

/** Server utilisation ρ = λ / (cμ). */
export function utilisation(q: MmcInput): number {
  return loadOf(q) / q.servers;
}

/** P(W > t): the chance a job waits in the queue longer than t seconds. */
export function probabilityWaitExceeds(q: MmcInput, seconds: number): number {
  const load = loadOf(q);
  if (load >= q.servers) return 1;
  const c = erlangC(q.servers, load);
  return c * Math.exp(-(q.servers * q.serviceRate - q.arrivalRate) * Math.max(0, seconds));
}

/** Mean time in the queue, Wq = C / (cμ − λ); Infinity when unstable. */
export function meanWait(q: MmcInput): number {
  const load = loadOf(q);
  if (load >= q.servers) return Infinity;
  return erlangC(q.servers, load) / (q.servers * q.serviceRate - q.arrivalRate);
}

/** The queue wait not exceeded with probability p: t with P(W > t) = 1 − p (0 if most never wait). */
export function waitPercentile(q: MmcInput, p: number): number {
  check(p > 0 && p < 1, `percentile must be between 0 and 1, got ${p}`);
  const load = loadOf(q);
  if (load >= q.servers) return Infinity;
  const c = erlangC(q.servers, load);
  if (c <= 1 - p) return 0;
  return Math.log(c / (1 - p)) / (q.servers * q.serviceRate - q.arrivalRate);
}

/** Little's law, L = λW, solved for whichever one is missing. */
export const littlesLaw = {
  inSystem: (arrivalRate: number, timeInSystem: number) => arrivalRate * timeInSystem,
  timeInSystem: (inSystem: number, arrivalRate: number) => (arrivalRate > 0 ? inSystem / arrivalRate : 0),
  arrivalRate: (inSystem: number, timeInSystem: number) => (timeInSystem > 0 ? inSystem / timeInSystem : 0),
};

export interface QueueWaitSizing {
  /** Arrivals per second at the pods. */
  arrivalRate: number;
  /** What one pod sustains (jobs/s), from the load test. */
  serviceRatePerPod: number;
  /** The queue-wait objective: P(wait ≤ sloSeconds) ≥ percentile. */
  sloSeconds: number;
  percentile: number;
  /** Keep utilisation ≤ 1 − headroom (0.2 = 20 % spare), on top of the wait objective. */
  headroom?: number;
  /**
   * Jobs one pod works on at once (BullMQ worker concurrency k). A pod is modelled as k
   * servers of rate μ/k each: the pod's measured throughput when all slots are busy (they
   * share its CPU), and a job stops waiting as soon as any slot picks it up.
   */
  workerConcurrency?: number;
  minReplicas?: number;
  /** Give up above this (a clear error, not a hang). */
  maxReplicas?: number;
}

export interface QueueWaitPlan {
  replicas: number;
  servers: number;
  utilisation: number;
  /** P(an arrival waits at all). */
  probabilityWait: number;
  /** The wait at the objective's percentile with these replicas, seconds. */
  waitAtPercentile: number;
  meanWaitSeconds: number;
  /** What set the number: the wait objective, the headroom policy or the minimum. */
  limitedBy: 'queue-wait' | 'headroom' | 'minimum';
}

/** The smallest replica count meeting the queue-wait objective and the headroom policy. */
export function replicasForQueueWait(input: QueueWaitSizing): QueueWaitPlan {
  const { arrivalRate, serviceRatePerPod, sloSeconds, percentile } = input;
  const headroom = input.headroom ?? 0;
  const k = input.workerConcurrency ?? 1;
  const minReplicas = input.minReplicas ?? 1;
  const maxReplicas = input.maxReplicas ?? 100_000;
  check(Number.isFinite(arrivalRate) && arrivalRate >= 0, `arrival rate must be ≥ 0, got ${arrivalRate}`);
  check(
    Number.isFinite(serviceRatePerPod) && serviceRatePerPod > 0,
    `service rate per pod must be > 0, got ${serviceRatePerPod}`,
  );
  check(
    Number.isFinite(sloSeconds) && sloSeconds >= 0,
    `queue-wait objective must be ≥ 0 s, got ${sloSeconds}`,
  );
  check(percentile > 0 && percentile < 1, `percentile must be between 0 and 1, got ${percentile}`);
  check(headroom >= 0 && headroom < 1, `headroom must be in [0, 1), got ${headroom}`);
  check(Number.isInteger(k) && k >= 1, `worker concurrency must be a whole number ≥ 1, got ${k}`);
  check(Number.isInteger(minReplicas) && minReplicas >= 0, `minimum replicas must be a whole number ≥ 0`);

  const mu = serviceRatePerPod / k;
  const load = arrivalRate / mu;
  const describe = (replicas: number, limitedBy: QueueWaitPlan['limitedBy']): QueueWaitPlan => {
    if (replicas === 0) {
      return {
        replicas,
        servers: 0,
        utilisation: 0,
        probabilityWait: 0,
        waitAtPercentile: 0,
        meanWaitSeconds: 0,
        limitedBy,
      };
    }
    const q = { arrivalRate, serviceRate: mu, servers: replicas * k };
    return {
      replicas,
      servers: q.servers,
      utilisation: utilisation(q),
      probabilityWait: erlangC(q.servers, load),
      waitAtPercentile: waitPercentile(q, percentile),
      meanWaitSeconds: meanWait(q),
      limitedBy,
    };
  };
  if (arrivalRate === 0) return describe(minReplicas, 'minimum');

  // The headroom policy alone: utilisation λ/(cμ_pod) ≤ 1 − headroom.
  const byHeadroom = Math.max(1, Math.ceil(arrivalRate / (serviceRatePerPod * (1 - headroom)) - 1e-9));
  // Erlang B grows one server at a time, so walk c upwards from 1 server, checking each whole pod.
  let b = 1;
  let servers = 0;
  for (let replicas = 1; replicas <= maxReplicas; replicas++) {
    for (; servers < replicas * k;) {
      servers++;
      b = (load * b) / (servers + load * b);
    }
    if (load >= servers) continue;
    const c = erlangCFromB(servers, load, b);
    const pExceeds = c * Math.exp(-(servers * mu - arrivalRate) * sloSeconds);
    if (pExceeds <= 1 - percentile + 1e-12) {
      const needed = Math.max(replicas, byHeadroom, minReplicas);
      return describe(
        needed,
        needed === replicas ? 'queue-wait' : needed === byHeadroom ? 'headroom' : 'minimum',
      );
    }
  }
  throw new ReplicasAboveMaximum(maxReplicas, arrivalRate, serviceRatePerPod);
}

/** Just the replica count (for callers that only need the number, e.g. the autoscaler's sizer). */
export function replicasNeeded(input: QueueWaitSizing): number {
  return replicasForQueueWait(input).replicas;
}
