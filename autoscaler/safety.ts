/**
 * The safety policy between the planner and the HPA: whatever the forecast says, the floor we
 * set stays within the HPA's own floor and ceiling, moves by bounded steps, only comes down
 * after a stabilisation window, and does not rise when the model has been wrong lately.
 */
export interface SafetyLimits {
  /** Most replicas the floor may rise in one decision. */
  maxStepUp: number;
  /** Most replicas the floor may fall in one decision. */
  maxStepDown: number;
  /** The floor only falls to the highest plan seen within this window. */
  scaleDownStabilisationSeconds: number;
  /** Confidence gate: recent forecast error (sMAPE, 0..2) above this → the floor may not rise. */
  maxRecentError: number;
}

export interface SafetyInput {
  now: number;
  /** What the planner wants. */
  planned: number;
  /**
   * What the plan would be without the backlog to drain. The stabilisation window remembers
   * this one: a drained backlog is gone, it must not hold the floor up for the whole window.
   */
  plannedForArrivals?: number;
  /** The floor in force now (the HPA's minReplicas). */
  current: number;
  /** The HPA's own configured floor (remembered in an annotation before we first raised it). */
  baseMin: number;
  maxReplicas: number;
  /** Recent one-step forecast error (sMAPE), if known. */
  recentError?: number;
}

export type SafetyRule =
  | 'as-planned'
  | 'base-floor'
  | 'max-replicas'
  | 'step-up-limit'
  | 'step-down-limit'
  | 'stabilisation'
  | 'low-confidence';

export interface SafetyDecision {
  replicas: number;
  /** The rule that bounded the decision (as-planned when none did). */
  rule: SafetyRule;
  /** False when the floor in force must be left as it is. */
  act: boolean;
}

export class SafetyPolicy {
  private history: Array<{ time: number; planned: number }> = [];

  constructor(readonly limits: SafetyLimits) {}

  decide(input: SafetyInput): SafetyDecision {
    const { now, current, baseMin, maxReplicas } = input;
    const planned = Math.max(0, Math.ceil(input.planned));
    const remembered = Math.min(planned, Math.max(0, Math.ceil(input.plannedForArrivals ?? planned)));
    this.history.push({ time: now, planned: remembered });
    const windowMs = this.limits.scaleDownStabilisationSeconds * 1000;
    this.history = this.history.filter((h) => now - h.time <= windowMs);

    // A model that has been wrong lately may not raise the floor; a floor raised earlier still
    // comes down by the rules below (holding it would pay for a forecast nobody believes).
    const confident = input.recentError === undefined || input.recentError <= this.limits.maxRecentError;
    if (!confident && planned >= current) {
      return { replicas: current, rule: 'low-confidence', act: false };
    }
    let replicas = planned;
    let rule: SafetyRule = 'as-planned';
    if (replicas < current) {
      // Scale down only to the highest plan of the whole window.
      const highest = Math.max(planned, ...this.history.map((h) => h.planned));
      if (highest > replicas) {
        replicas = Math.min(current, highest);
        rule = 'stabilisation';
      }
      if (replicas < current - this.limits.maxStepDown) {
        replicas = current - this.limits.maxStepDown;
        rule = 'step-down-limit';
      }
    } else if (replicas > current + this.limits.maxStepUp) {
      replicas = current + this.limits.maxStepUp;
      rule = 'step-up-limit';
    }
    if (replicas < baseMin) {
      replicas = baseMin;
      rule = 'base-floor';
    }
    if (replicas > maxReplicas) {
      replicas = maxReplicas;
      rule = 'max-replicas';
    }
    return { replicas, rule, act: replicas !== current };
  }
}

/** Symmetric MAPE of forecasts against what happened (0 = perfect, 2 = worst), over pairs with data. */
export function recentSmape(pairs: Array<{ predicted: number; actual: number }>): number | undefined {
  let sum = 0;
  let n = 0;
  for (const { predicted, actual } of pairs) {
    const denominator = Math.abs(predicted) + Math.abs(actual);
    if (!Number.isFinite(predicted) || !Number.isFinite(actual)) continue;
    sum += denominator === 0 ? 0 : (2 * Math.abs(predicted - actual)) / denominator;
    n++;
  }
  return n === 0 ? undefined : sum / n;
}
