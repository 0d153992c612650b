/** The predictive autoscaler: its seams and the backtest, for the CLI. */
export {
  loadConfig,
  parseConfig,
  parseDuration,
  defaultQueries,
  type AutoscalerConfig,
  type TargetConfig,
} from './config.ts';
export { PrometheusSource, MetricsSourceError, type MetricsSource } from './metrics-source.ts';
export { Planner, type Plan, type PlanInput, type QueueSizer } from './planner.ts';
export {
  SafetyPolicy,
  recentSmape,
  type SafetyLimits,
  type SafetyDecision,
  type SafetyRule,
} from './safety.ts';
export { HpaScaleTarget, baseMinAnnotation, type ScaleTarget, type FloorState } from './scale-target.ts';
export { LeaseElector } from './leader.ts';
export { TargetController, type Decision, type FailReason } from './controller.ts';
export { Telemetry } from './telemetry.ts';
export { runAutoscaler, loadKubeConfig, stderrLogger, type RunOptions } from './run.ts';
export { queueSizer } from './sizing.ts';
export {
  runBacktest,
  type BacktestOptions,
  type BacktestResult,
  type PolicyResult,
} from './backtest/simulate.ts';
