import type { Forecast, Forecaster, Series } from '../../capacity/forecast/forecaster.ts';
import { Planner, type QueueSizer } from '../planner.ts';
import { recentSmape, SafetyPolicy, type SafetyLimits, type SafetyRule } from '../safety.ts';

/**
 * The predictive controller as the backtest runs it: the same Planner and SafetyPolicy as the
 * real controller, fed only with what had happened before each decision. The forecaster is
 * refitted each time a trace interval completes, on a trailing window of completed intervals.
 */
export interface PredictiveOptions {
  forecaster: Forecaster;
  sizer: QueueSizer;
  intervalSeconds: number;
  /** Pod start-up + decision interval: how far ahead each decision must look. */
  horizonSeconds: number;
  quantile: string;
  safety: SafetyLimits;
  /** Completed intervals the forecaster is fitted on (a trailing window keeps refits cheap). */
  historySteps: number;
  /** Intervals of one-step-ahead errors the confidence gate averages. */
  accuracyWindow: number;
  /** Planner drainSeconds: drain the backlog within this (default: the horizon). */
  drainSeconds?: number;
}

export interface DecisionRecord {
  time: number;
  planned: number;
  floor: number;
  rule: SafetyRule;
}

export class SimulatedPredictive {
  private readonly planner: Planner;
  private readonly safety: SafetyPolicy;
  private fittedUpTo = -1;
  private forecast: Forecast | null = null;
  /** One-step-ahead p50 predictions by interval index, for the confidence gate. */
  private predictedNext = new Map<number, number>();
  private pairs: Array<{ predicted: number; actual: number }> = [];
  readonly decisions: DecisionRecord[] = [];
  forecastFailures = 0;

  constructor(
    private readonly options: PredictiveOptions,
    /** The trace as arrival rates (documents/s) per interval. */
    private readonly rates: Series,
  ) {
    this.planner = new Planner(options.sizer);
    this.safety = new SafetyPolicy(options.safety);
  }

  /**
   * One decision at `now` (ms). `completed` = number of trace intervals fully in the past.
   * Returns the new HPA floor, or null to leave it (fail static / no action).
   */
  decide(
    now: number,
    completed: number,
    state: {
      currentFloor: number;
      baseMin: number;
      maxReplicas: number;
      backlog: number;
      observedRate: number;
      serviceRatePerPod: number;
      slo: { seconds: number; percentile: number };
    },
  ): number | null {
    if (completed < 2) return null;
    if (completed !== this.fittedUpTo) this.refit(completed);
    if (!this.forecast) return null;
    let planned: number;
    let plannedForArrivals: number;
    try {
      ({ replicas: planned, replicasForArrivals: plannedForArrivals } = this.planner.plan({
        now,
        forecast: this.forecast,
        quantile: this.options.quantile,
        horizonSeconds: this.options.horizonSeconds,
        backlog: state.backlog,
        drainSeconds: this.options.drainSeconds,
        observedRate: state.observedRate,
        serviceRatePerPod: state.serviceRatePerPod,
        slo: state.slo,
        maxReplicas: state.maxReplicas,
      }));
    } catch {
      this.forecastFailures++;
      return null;
    }
    const decision = this.safety.decide({
      now,
      planned,
      plannedForArrivals,
      current: state.currentFloor,
      baseMin: state.baseMin,
      maxReplicas: state.maxReplicas,
      recentError: recentSmape(this.pairs),
    });
    this.decisions.push({ time: now, planned, floor: decision.replicas, rule: decision.rule });
    return decision.act ? decision.replicas : null;
  }

  private refit(completed: number): void {
    const { rates, options } = this;
    // The interval that just completed: score the prediction made for it.
    const actual = rates.values[completed - 1];
    const predicted = this.predictedNext.get(completed - 1);
    if (predicted !== undefined && actual !== null) {
      this.pairs.push({ predicted, actual });
      if (this.pairs.length > options.accuracyWindow) this.pairs.shift();
    }
    this.predictedNext.delete(completed - 1);
    const from = Math.max(0, completed - options.historySteps);
    const history: Series = {
      ...rates,
      start: rates.start + from * rates.stepMs,
      values: rates.values.slice(from, completed),
    };
    const horizonSteps = 2 + Math.ceil((options.horizonSeconds * 1000) / rates.stepMs);
    try {
      const forecast = options.forecaster.fit(history).predict(horizonSteps, [0.5, Number(options.quantile)]);
      this.forecast = forecast;
      const next = forecast.points[0]?.quantiles['0.5'];
      if (next !== undefined) this.predictedNext.set(completed, next);
    } catch {
      this.forecastFailures++;
      this.forecast = null;
    }
    this.fittedUpTo = completed;
  }
}
