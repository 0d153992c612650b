/**
 * A simulated worker Deployment and its queue: pods with a service rate and a start-up
 * delay, arrivals into one FIFO queue, and the queue wait each unit of work saw.
 *
 * Work is fluid (fractions of a document are fine): the trace gives arrivals per interval,
 * spread evenly over the ticks of that interval, so the queue is deterministic and two runs of
 * the same trace give the same numbers.
 */
export interface ClusterOptions {
  /** Documents per second one ready pod completes. */
  serviceRatePerPod: number;
  /** Seconds from a pod being created to it taking work (image pull, start, readiness). */
  startupSeconds: number;
  tickSeconds: number;
  /** Queue wait objective: a tick whose oldest waiting work is older than this is a violation. */
  sloSeconds: number;
  initialReplicas: number;
}

export interface TickObservation {
  /** Documents that arrived in the tick. */
  arrived: number;
  /** Documents completed in the tick. */
  served: number;
  /** Ready pods' capacity in the tick (documents). */
  capacity: number;
  /** Documents still waiting after the tick. */
  waiting: number;
  readyPods: number;
  pods: number;
  /** Seconds the oldest work served or still waiting at the end of the tick has waited. */
  maxWaitSeconds: number;
  violation: boolean;
}

interface Cohort {
  arrivedAt: number;
  amount: number;
}

// Below this a cohort is floating-point dust, not work.
const epsilon = 1e-9;

export class SimCluster {
  readonly options: ClusterOptions;
  /** Ready-at time (seconds) of each pod, oldest first. */
  private pods: number[] = [];
  private queue: Cohort[] = [];
  private head = 0;
  private waitingTotal = 0;
  /** Amount of work per wait, bucketed by whole ticks, for the p95 wait. */
  private waitHistogram = new Map<number, number>();
  private servedTotal = 0;
  podSeconds = 0;
  violationTicks = 0;
  scaleEvents = 0;

  constructor(options: ClusterOptions) {
    this.options = options;
    // The run starts warm: the initial pods are already ready.
    for (let i = 0; i < options.initialReplicas; i++) this.pods.push(-Infinity);
  }

  get replicas(): number {
    return this.pods.length;
  }

  readyPods(now: number): number {
    let ready = 0;
    for (const readyAt of this.pods) if (readyAt <= now) ready++;
    return ready;
  }

  get waiting(): number {
    return this.waitingTotal;
  }

  /** Sets the Deployment's replicas. New pods start now; scale-down removes not-ready, then newest pods, as a ReplicaSet does. */
  scaleTo(replicas: number, now: number): void {
    const target = Math.max(0, Math.round(replicas));
    if (target === this.pods.length) return;
    this.scaleEvents++;
    while (this.pods.length < target) this.pods.push(now + this.options.startupSeconds);
    if (this.pods.length > target) {
      // pods are kept in creation order, so the newest (and the not-ready ones) are at the end.
      this.pods.length = target;
    }
  }

  /** Advances one tick starting at `now`, with `arrivals` documents arriving in it. */
  tick(now: number, arrivals: number): TickObservation {
    const dt = this.options.tickSeconds;
    if (arrivals > epsilon) {
      this.queue.push({ arrivedAt: now, amount: arrivals });
      this.waitingTotal += arrivals;
    }
    const readyPods = this.readyPods(now);
    const capacity = readyPods * this.options.serviceRatePerPod * dt;
    let budget = capacity;
    let maxWait = 0;
    while (budget > epsilon && this.head < this.queue.length) {
      const cohort = this.queue[this.head];
      const take = Math.min(budget, cohort.amount);
      const wait = now - cohort.arrivedAt;
      if (wait > maxWait) maxWait = wait;
      const bucket = Math.round(wait / dt);
      this.waitHistogram.set(bucket, (this.waitHistogram.get(bucket) ?? 0) + take);
      cohort.amount -= take;
      budget -= take;
      this.waitingTotal -= take;
      this.servedTotal += take;
      if (cohort.amount <= epsilon) this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (this.waitingTotal < epsilon) this.waitingTotal = 0;
    // Work still waiting at the end of the tick has waited at least until then.
    if (this.head < this.queue.length)
      maxWait = Math.max(maxWait, now + dt - this.queue[this.head].arrivedAt);
    const violation = maxWait > this.options.sloSeconds;
    if (violation) this.violationTicks++;
    this.podSeconds += this.pods.length * dt;
    return {
      arrived: arrivals,
      served: capacity - budget,
      capacity,
      waiting: this.waitingTotal,
      readyPods,
      pods: this.pods.length,
      maxWaitSeconds: maxWait,
      violation,
    };
  }

  /** The wait (seconds) below which `q` of the served work waited. */
  waitQuantile(q: number): number {
    if (this.servedTotal <= 0) return 0;
    const buckets = [...this.waitHistogram.entries()].sort((a, b) => a[0] - b[0]);
    let cumulative = 0;
    for (const [bucket, amount] of buckets) {
      cumulative += amount;
      if (cumulative >= q * this.servedTotal - epsilon) return bucket * this.options.tickSeconds;
    }
    return buckets[buckets.length - 1][0] * this.options.tickSeconds;
  }
}
