import {
  forecasterByName,
  type Forecaster,
  type ModelName,
  type Series,
} from '../../capacity/forecast/index.ts';
import { InputError } from '../../common/errors.ts';
import { queueSizer } from '../sizing.ts';
import type { SafetyLimits } from '../safety.ts';
import { reselectingForecaster } from './auto-forecaster.ts';
import { runBacktest, type BacktestResult, type HpaMetric } from './simulate.ts';

export { backtestChart } from './chart.ts';
export { runBacktest, type BacktestResult, type PolicyResult, type TimelinePoint } from './simulate.ts';

/** The knobs `headroom backtest` and the benchmark expose; everything else has a default. */
export interface BacktestSettings {
  serviceRatePerPod?: number;
  /** Multiplies the trace's arrivals (replay a shape at another traffic level); default 1. */
  scale?: number;
  startupSeconds: number;
  tickSeconds: 1 | 5;
  intervalSeconds: number;
  /** Drain any backlog within this many seconds (default: the horizon, start-up + interval). */
  drainSeconds?: number;
  /** Window of the measured arrival rate (s); default 60. See BacktestOptions. */
  observedRateWindowSeconds?: number;
  slo: { seconds: number; percentile: number };
  quantile: string;
  model: ModelName;
  hpaMetric: HpaMetric;
  /** Utilisation (0..1) or waiting documents per pod; default 0.9 or service rate × SLO / 2. */
  hpaTarget?: number;
  minReplicas: number;
  maxReplicas: number;
  safety: SafetyLimits;
  onProgress?: (fraction: number) => void;
}

export const defaultSafety: SafetyLimits = {
  maxStepUp: 50,
  maxStepDown: 5,
  scaleDownStabilisationSeconds: 300,
  maxRecentError: 0.5,
};

export interface BacktestRun extends BacktestResult {
  settings: Omit<BacktestSettings, 'onProgress'> & { serviceRatePerPod: number; hpaTarget: number };
  modelChoices: string[];
}

/**
 * Replays a trace (arrivals per interval) with defaults filled in and named. `forecaster`
 * replaces `settings.model` (the benchmark's clairvoyant reference is one).
 */
export function backtestTrace(
  input: Series,
  settings: BacktestSettings,
  forecaster?: Forecaster,
): BacktestRun {
  const notes: string[] = [];
  const scale = settings.scale ?? 1;
  if (!(scale > 0)) throw new InputError(`scale must be a positive number, got ${scale}`);
  const trace =
    scale === 1 ? input : { ...input, values: input.values.map((v) => (v === null ? null : v * scale)) };
  let serviceRatePerPod = settings.serviceRatePerPod;
  const stepSeconds = trace.stepMs / 1000;
  const peak = Math.max(0, ...trace.values.map((v) => (v ?? 0) / stepSeconds));
  if (serviceRatePerPod === undefined) {
    if (peak <= 0) throw new InputError('the trace has no arrivals: give --service-rate');
    // Without a measured capacity, size pods so the peak needs about 20 of them.
    serviceRatePerPod = peak / 20;
    notes.push(`no service rate given: assumed ${serviceRatePerPod.toPrecision(3)}/s per pod (peak / 20)`);
  }
  const peakPods = Math.ceil(peak / serviceRatePerPod);
  if (peakPods > settings.maxReplicas) {
    notes.push(
      `the peak (${peak.toPrecision(3)}/s) needs at least ${peakPods} pods at ${serviceRatePerPod}/s per pod, ` +
        `more than maxReplicas ${settings.maxReplicas}: at the peak every policy is held at ${settings.maxReplicas}`,
    );
  }
  const hpaTarget =
    settings.hpaTarget ??
    (settings.hpaMetric === 'utilisation' ? 0.9 : (serviceRatePerPod * settings.slo.seconds) / 2);
  const horizonSteps = 2 + Math.ceil((settings.startupSeconds + settings.intervalSeconds) / stepSeconds);
  const auto = !forecaster && settings.model === 'auto' ? reselectingForecaster(horizonSteps) : null;
  forecaster ??= auto ?? forecasterByName(settings.model as Exclude<ModelName, 'auto'>);
  const result = runBacktest(trace, {
    serviceRatePerPod,
    startupSeconds: settings.startupSeconds,
    tickSeconds: settings.tickSeconds,
    slo: settings.slo,
    hpa: {
      minReplicas: settings.minReplicas,
      maxReplicas: settings.maxReplicas,
      metric: settings.hpaMetric,
      target: hpaTarget,
    },
    predictive: {
      forecaster,
      sizer: queueSizer,
      intervalSeconds: settings.intervalSeconds,
      quantile: settings.quantile,
      safety: settings.safety,
      // Three days of history per refit: enough for daily seasonality, cheap enough to refit every interval.
      historySteps: Math.max(3, Math.round((3 * 86_400) / stepSeconds)),
      accuracyWindow: Math.max(3, Math.round(3600 / stepSeconds)),
      drainSeconds: settings.drainSeconds,
    },
    observedRateWindowSeconds: settings.observedRateWindowSeconds,
    onProgress: settings.onProgress,
  });
  const { onProgress: _, ...rest } = settings;
  return {
    ...result,
    notes: [...notes, ...result.notes],
    settings: { ...rest, serviceRatePerPod, hpaTarget },
    modelChoices: auto?.choices ?? [forecaster.name],
  };
}
