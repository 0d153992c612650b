/**
 * A faithful model of the Kubernetes HorizontalPodAutoscaler (autoscaling/v2) control loop,
 * used as the reactive baseline and as the HPA that keeps reacting under the predictive floor.
 *
 * It follows the algorithm documented at
 * https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details
 * and the controller source (pkg/controller/podautoscaler/horizontal.go, replica_calculator.go):
 *  - every sync period (15 s), per metric: ratio = current per-pod value / target;
 *    desired = ceil(ratio × ready pods); no change when |ratio − 1| ≤ tolerance (0.1);
 *  - pods still starting (not ready) are left out of the average; when scaling up they count
 *    as using 0 of the target, so the HPA does not keep adding pods while earlier ones start;
 *  - several metrics: the largest proposal wins;
 *  - current replicas below minReplicas (or above maxReplicas) are corrected at once, without
 *    behaviour limits ("Current number of replicas below Spec.MinReplicas");
 *  - stabilisation windows: scale up to the lowest, scale down to the highest recommendation
 *    seen within the window (defaults: up 0 s, down 300 s);
 *  - behaviour policies limit the change per period relative to the replicas at the start of
 *    the period (defaults: up max(100 %, 4 pods) per 15 s, down 100 % per 15 s);
 *  - the result is clamped to [minReplicas, maxReplicas].
 */
export interface HpaPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

export interface HpaRules {
  stabilizationWindowSeconds: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: HpaPolicy[];
}

export interface HpaSpec {
  minReplicas: number;
  maxReplicas: number;
  syncPeriodSeconds: number;
  tolerance: number;
  scaleUp: HpaRules;
  scaleDown: HpaRules;
}

export const defaultHpaBehavior: Pick<HpaSpec, 'syncPeriodSeconds' | 'tolerance' | 'scaleUp' | 'scaleDown'> =
  {
    syncPeriodSeconds: 15,
    tolerance: 0.1,
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Percent', value: 100, periodSeconds: 15 },
        { type: 'Pods', value: 4, periodSeconds: 15 },
      ],
    },
    scaleDown: {
      stabilizationWindowSeconds: 300,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    },
  };

/** One metric as the pods report it: the average over ready pods, and its target. */
export interface MetricSample {
  name: string;
  /** Average value per ready pod. */
  value: number;
  target: number;
}

interface Timed {
  time: number;
  replicas: number;
}

export class ReactiveHpa {
  readonly spec: HpaSpec;
  private recommendations: Timed[] = [];
  /** Past scale changes (replicas = +added or −removed), for the behaviour policies. */
  private events: Timed[] = [];

  constructor(spec: HpaSpec) {
    this.spec = { ...spec };
  }

  /** What the predictive controller patches: the HPA's floor. */
  setMinReplicas(min: number): void {
    this.spec.minReplicas = min;
  }

  /** One reconcile: returns the replicas the HPA sets on the Deployment. */
  sync(now: number, currentReplicas: number, readyPods: number, metrics: MetricSample[]): number {
    const { minReplicas, maxReplicas } = this.spec;
    let desired: number;
    if (currentReplicas > maxReplicas) desired = maxReplicas;
    else if (currentReplicas < minReplicas) desired = minReplicas;
    else {
      let proposal = 0;
      for (const metric of metrics) {
        proposal = Math.max(proposal, this.replicasForMetric(currentReplicas, readyPods, metric));
      }
      desired = this.normalize(now, currentReplicas, proposal);
    }
    if (desired !== currentReplicas) this.events.push({ time: now, replicas: desired - currentReplicas });
    this.events = this.events.filter((e) => now - e.time < this.longestPeriod());
    return desired;
  }

  /** replica_calculator.go calcPlainMetricReplicas, with not-ready pods as "unready". */
  private replicasForMetric(current: number, ready: number, metric: MetricSample): number {
    const { tolerance } = this.spec;
    if (ready === 0) return current;
    const unready = Math.max(0, current - ready);
    const ratio = metric.value / metric.target;
    if (!(unready > 0 && ratio > 1)) {
      if (Math.abs(1 - ratio) <= tolerance) return current;
      return Math.ceil(ratio * ready);
    }
    // Scale-up with pods still starting: they count as using nothing yet.
    const newRatio = (metric.value * ready) / (metric.target * (ready + unready));
    if (Math.abs(1 - newRatio) <= tolerance || newRatio < 1) return current;
    return Math.ceil(newRatio * (ready + unready));
  }

  private normalize(now: number, current: number, proposal: number): number {
    const { scaleUp, scaleDown, minReplicas, maxReplicas } = this.spec;
    this.recommendations.push({ time: now, replicas: proposal });
    const keep = Math.max(scaleUp.stabilizationWindowSeconds, scaleDown.stabilizationWindowSeconds);
    this.recommendations = this.recommendations.filter((r) => now - r.time <= keep);
    let up = proposal;
    let down = proposal;
    for (const r of this.recommendations) {
      if (now - r.time <= scaleUp.stabilizationWindowSeconds) up = Math.min(up, r.replicas);
      if (now - r.time <= scaleDown.stabilizationWindowSeconds) down = Math.max(down, r.replicas);
    }
    let recommendation = current;
    if (recommendation < up) recommendation = up;
    if (recommendation > down) recommendation = down;

    let minAllowed = minReplicas;
    let maxAllowed = maxReplicas;
    if (recommendation > current) {
      maxAllowed = Math.min(maxReplicas, this.scaleUpLimit(now, current));
    } else if (recommendation < current) {
      minAllowed = Math.max(minReplicas, this.scaleDownLimit(now, current));
    }
    return Math.min(maxAllowed, Math.max(minAllowed, recommendation));
  }

  private changeInPeriod(now: number, periodSeconds: number, sign: 1 | -1): number {
    let total = 0;
    for (const e of this.events) {
      if (now - e.time < periodSeconds && Math.sign(e.replicas) === sign) total += Math.abs(e.replicas);
    }
    return total;
  }

  private scaleUpLimit(now: number, current: number): number {
    const { policies, selectPolicy } = this.spec.scaleUp;
    if (selectPolicy === 'Disabled') return current;
    const limits = policies.map((p) => {
      const start = current - this.changeInPeriod(now, p.periodSeconds, 1);
      return p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    });
    return selectPolicy === 'Max' ? Math.max(...limits) : Math.min(...limits);
  }

  private scaleDownLimit(now: number, current: number): number {
    const { policies, selectPolicy } = this.spec.scaleDown;
    if (selectPolicy === 'Disabled') return current;
    const limits = policies.map((p) => {
      const start = current + this.changeInPeriod(now, p.periodSeconds, -1);
      return p.type === 'Pods' ? start - p.value : Math.ceil(start * (1 - p.value / 100));
    });
    // Max means "the policy allowing the biggest change", i.e. the lowest floor.
    return selectPolicy === 'Max' ? Math.min(...limits) : Math.max(...limits);
  }

  private longestPeriod(): number {
    const all = [...this.spec.scaleUp.policies, ...this.spec.scaleDown.policies].map((p) => p.periodSeconds);
    return Math.max(1, ...all);
  }
}
