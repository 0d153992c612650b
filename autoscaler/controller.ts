import type { Logger } from 'pino';
import {
  forecastSeries,
  perSecondRates,
  type ForecastResult,
  type Series,
} from '../capacity/forecast/index.ts';
import type { TargetConfig } from './config.ts';
import { MetricsSourceError, type MetricsSource } from './metrics-source.ts';
import { Planner, type Plan, type QueueSizer } from './planner.ts';
import { SafetyPolicy, type SafetyRule } from './safety.ts';
import {
  BaseFloorAnnotationError,
  ScaleTargetError,
  type FloorState,
  type ScaleTarget,
} from './scale-target.ts';
import type { Telemetry } from './telemetry.ts';

/**
 * One target's control loop step: history → forecast → plan → safety → patch the HPA floor.
 * Any failure of Prometheus, the forecast or the API server fails static: the HPA is left as
 * it is, and the failure is counted, logged and (best effort) written as an Event.
 */
export type FailReason =
  | 'prometheus'
  | 'forecast'
  | 'api-server'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'annotation'
  | 'not-leader';

export interface Decision {
  target: string;
  time: string;
  outcome: 'scaled' | 'unchanged' | 'dry-run' | 'fail-static';
  /** For fail-static: which dependency failed, and how. */
  reason?: FailReason;
  error?: string;
  floor?: { from: number; to: number; baseMin: number; maxReplicas: number };
  planned?: number;
  reactive?: number;
  rule?: SafetyRule;
  inputs?: {
    model: string;
    recentSmapePercent: number | null;
    forecast: Array<{ timestamp: string; quantiles: Record<string, number> }>;
    perPodRate: number;
    capacitySource: string;
    backlog: number;
    observedRate: number | null;
    horizonSeconds: number;
  };
  explanation?: string;
}

export type ForecastFn = (
  series: Series,
  opts: { horizon: number; quantiles: number[]; model: TargetConfig['model'] },
) => ForecastResult;

export interface ControllerDeps {
  config: TargetConfig;
  source: MetricsSource;
  target: ScaleTarget;
  sizer: QueueSizer;
  telemetry: Telemetry;
  logger: Logger;
  dryRun: boolean;
  forecast?: ForecastFn;
  now?: () => number;
  /**
   * Renews the Lease right before the HPA is patched; false when another instance holds it.
   * A decision can outlast the lease (a long history to refit), and whoever took over
   * meanwhile is acting too. Absent: this controller is the only one (dry run, tests).
   */
  stillLeading?: () => Promise<boolean>;
}

class FailStatic extends Error {
  constructor(
    readonly reason: FailReason,
    message: string,
  ) {
    super(message);
  }
}

function kubeReason(error: unknown): FailReason {
  if (error instanceof BaseFloorAnnotationError) return 'annotation';
  const status = (error as ScaleTargetError).status;
  if (status === 403 || status === 401) return 'forbidden';
  // A config naming an HPA that is not there is the operator's to fix, not an outage.
  if (status === 404) return 'not-found';
  return status === 409 ? 'conflict' : 'api-server';
}

export class TargetController {
  private readonly planner: Planner;
  private readonly safety: SafetyPolicy;
  private readonly forecast: ForecastFn;
  private readonly now: () => number;

  constructor(private readonly deps: ControllerDeps) {
    this.planner = new Planner(deps.sizer);
    this.safety = new SafetyPolicy(deps.config.safety);
    this.forecast = deps.forecast ?? ((series, opts) => forecastSeries(series, opts));
    this.now = deps.now ?? Date.now;
  }

  async reconcile(): Promise<Decision> {
    const { config, telemetry } = this.deps;
    const now = this.now();
    const base = { target: config.name, time: new Date(now).toISOString() };
    try {
      const decision = await this.decide(now);
      const result = { ...base, ...decision };
      telemetry.lastDecision.set({ target: config.name }, now / 1000);
      this.deps.logger.info(
        { decision: result },
        `${config.name}: ${result.outcome} — ${result.explanation}`,
      );
      return result;
    } catch (error) {
      if (!(error instanceof FailStatic)) throw error;
      telemetry.failStatic.inc({ target: config.name, reason: error.reason });
      const message = `fail static (${error.reason}): ${error.message}; HPA left as it is`;
      this.deps.logger.warn({ target: config.name, reason: error.reason }, `${config.name}: ${message}`);
      if (!this.deps.dryRun) {
        await this.deps.target.event('Warning', 'PredictiveFailStatic', message).catch(() => undefined);
      }
      return {
        ...base,
        outcome: 'fail-static',
        reason: error.reason,
        error: error.message,
        explanation: message,
      };
    }
  }

  private async decide(now: number): Promise<Omit<Decision, 'target' | 'time'>> {
    const { config, source, target, telemetry } = this.deps;
    const p = config.prometheus;
    let state: FloorState;
    try {
      state = await target.read();
    } catch (error) {
      throw new FailStatic(kubeReason(error), (error as Error).message);
    }

    let history: Series;
    let backlog: number | null;
    try {
      let sampled: Series;
      [sampled, backlog] = await Promise.all([
        source.history(p.arrivalRate, now, p.historySeconds, p.stepSeconds),
        source.current(p.queueDepth, now),
      ]);
      // A rate sampled at t describes the step ending at t; the forecast and the planner count
      // a point as the step starting at its timestamp, so shift by one step. The forecast's
      // first point then covers the step we are in now.
      history = perSecondRates({ ...sampled, start: sampled.start - sampled.stepMs });
    } catch (error) {
      if (error instanceof MetricsSourceError) throw new FailStatic('prometheus', error.message);
      throw error;
    }

    const horizonSeconds = config.podStartupSeconds + config.intervalSeconds;
    // The forecast starts one step after the last history point, which may be up to a step ago.
    const horizonSteps = Math.ceil(horizonSeconds / p.stepSeconds) + 1;
    const quantiles = [...new Set([0.5, Number(config.quantile)])];
    let forecast: ForecastResult;
    let plan: Plan;
    try {
      forecast = this.forecast(history, { horizon: horizonSteps, quantiles, model: config.model });
      const last = [...history.values].reverse().find((v) => v !== null) ?? null;
      plan = this.planner.plan({
        now,
        forecast: forecast.forecast,
        quantile: config.quantile,
        horizonSeconds,
        backlog: backlog ?? 0,
        drainSeconds: config.drainSeconds,
        observedRate: last ?? undefined,
        serviceRatePerPod: config.capacity.perPodRate,
        slo: config.slo,
        maxReplicas: state.maxReplicas,
      });
    } catch (error) {
      throw new FailStatic('forecast', (error as Error).message);
    }

    const smape =
      forecast.accuracy.points > 0 && Number.isFinite(forecast.accuracy.smape)
        ? forecast.accuracy.smape
        : null;
    const safe = this.safety.decide({
      now,
      planned: plan.replicas,
      plannedForArrivals: plan.replicasForArrivals,
      current: state.minReplicas,
      baseMin: state.baseMin,
      maxReplicas: state.maxReplicas,
      recentError: smape === null ? undefined : smape / 100,
    });

    for (const point of forecast.forecast.points) {
      const ahead = `${Math.round((point.timestamp - now) / 1000)}s`;
      for (const [q, value] of Object.entries(point.quantiles)) {
        telemetry.forecast.set({ target: config.name, horizon: ahead, quantile: q }, value);
      }
    }
    telemetry.capacityMaxRate.set({ target: config.name }, config.capacity.perPodRate);
    telemetry.desiredReplicas.set({ target: config.name, source: 'predictive' }, plan.replicas);
    telemetry.desiredReplicas.set({ target: config.name, source: 'reactive' }, state.desiredReplicas);

    const explanation = `${plan.explanation}; safety: ${safe.rule} → floor ${state.minReplicas} → ${safe.replicas} (HPA base ${state.baseMin}, max ${state.maxReplicas}, HPA wants ${state.desiredReplicas})`;
    const decision: Omit<Decision, 'target' | 'time'> = {
      outcome: 'unchanged',
      floor: {
        from: state.minReplicas,
        to: safe.replicas,
        baseMin: state.baseMin,
        maxReplicas: state.maxReplicas,
      },
      planned: plan.replicas,
      reactive: state.desiredReplicas,
      rule: safe.rule,
      inputs: {
        model: forecast.model,
        recentSmapePercent: smape,
        forecast: forecast.forecast.points.map((pt) => ({
          timestamp: new Date(pt.timestamp).toISOString(),
          quantiles: pt.quantiles,
        })),
        perPodRate: config.capacity.perPodRate,
        capacitySource: config.capacity.source,
        backlog: backlog ?? 0,
        observedRate: history.values[history.values.length - 1] ?? null,
        horizonSeconds,
      },
      explanation,
    };
    if (!safe.act) {
      telemetry.desiredReplicas.set({ target: config.name, source: 'applied' }, state.minReplicas);
      return decision;
    }
    if (this.deps.dryRun) {
      telemetry.desiredReplicas.set({ target: config.name, source: 'applied' }, state.minReplicas);
      return { ...decision, outcome: 'dry-run', explanation: `dry run, not applied: ${explanation}` };
    }
    let leading = true;
    try {
      if (this.deps.stillLeading) leading = await this.deps.stillLeading();
    } catch (error) {
      throw new FailStatic(kubeReason(error), (error as Error).message);
    }
    if (!leading) {
      throw new FailStatic(
        'not-leader',
        'another instance took the Lease while this decision was made (it took longer than the lease duration): not applied',
      );
    }
    try {
      await target.setFloor(state, safe.replicas);
    } catch (error) {
      throw new FailStatic(kubeReason(error), (error as Error).message);
    }
    telemetry.desiredReplicas.set({ target: config.name, source: 'applied' }, safe.replicas);
    await target.event('Normal', 'PredictiveScale', explanation).catch((error: Error) => {
      this.deps.logger.warn(
        { target: config.name },
        `${config.name}: could not write the Event (${error.message})`,
      );
    });
    return { ...decision, outcome: 'scaled' };
  }
}

export { ScaleTargetError };
