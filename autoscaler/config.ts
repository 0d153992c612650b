import { isIP } from 'node:net';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { maxRangePoints, modelNames, type ModelName } from '../capacity/forecast/index.ts';
import { perPodCapacity } from '../capacity/model/index.ts';
import type { CapacitySearchSummary } from '../common/capacity-search.ts';
import { capacitySearchKind } from '../common/capacity-search.ts';
import { InputError } from '../common/errors.ts';
import { readInputFile } from '../common/input-files.ts';
import { localServices } from '../common/local-services.ts';
import { metricNames, documentQueueName } from '../common/metric-names.ts';
import { loadSlo, type Slo } from '../common/slo.ts';
import type { SafetyLimits } from './safety.ts';

/**
 * The autoscaler's config file (YAML or JSON): the targets it scales and how. Every problem is
 * one InputError naming the field (`targets[0].capacity.perPodRate: ...`).
 */
export interface TargetConfig {
  /** Label in metrics and logs (default namespace/hpa). */
  name: string;
  namespace: string;
  hpa: string;
  prometheus: {
    url: string;
    /** PromQL: documents/s arriving (the forecast input). */
    arrivalRate: string;
    /** PromQL: documents waiting in the queue now (the backlog to drain). */
    queueDepth: string;
    historySeconds: number;
    stepSeconds: number;
    timeoutSeconds: number;
  };
  /** Documents/s one pod sustains within the SLOs, and where that number came from. */
  capacity: { perPodRate: number; source: string };
  slo: { seconds: number; percentile: number };
  podStartupSeconds: number;
  intervalSeconds: number;
  /** Drain any backlog within this many seconds (0: within the horizon, start-up + interval). */
  drainSeconds: number;
  /** Forecast quantile the floor is sized for. */
  quantile: string;
  model: ModelName;
  safety: SafetyLimits;
}

export interface AutoscalerConfig {
  targets: TargetConfig[];
  leaderElection: { namespace: string; name: string; leaseDurationSeconds: number };
  metricsPort: number;
  /** Address /metrics and /healthz listen on: loopback locally, 0.0.0.0 in a pod so Prometheus and probes reach it. */
  metricsHost: string;
}

type Obj = Record<string, unknown>;

const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Seconds from a number (seconds) or a duration string ("90s", "5m", "14d", "1h30m"). */
export function parseDuration(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const parts = [...value.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
    if (parts.length > 0 && parts.map((p) => p[0]).join('') === value.trim()) {
      return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]], 0);
    }
  }
  throw new InputError(`${where}: expected a duration like 90s, 5m or 14d, got ${JSON.stringify(value)}`);
}

class Reader {
  constructor(
    private readonly raw: Obj,
    private readonly where: string,
  ) {}

  private at(key: string): string {
    return this.where ? `${this.where}.${key}` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  section(key: string, optional = false): Reader {
    const value = this.raw[key];
    if (value === undefined && optional) return new Reader({}, this.at(key));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InputError(`${this.at(key)}: must be an object`);
    }
    return new Reader(value as Obj, this.at(key));
  }

  string(key: string, fallback?: string): string {
    const value = this.raw[key] ?? fallback;
    if (typeof value !== 'string' || value.trim() === '') {
      throw new InputError(
        `${this.at(key)}: must be a non-empty string${value === undefined ? ' (missing)' : ''}`,
      );
    }
    return value;
  }

  number(
    key: string,
    fallback: number | undefined,
    { min = -Infinity, max = Infinity, integer = false } = {},
  ): number {
    const value = this.raw[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InputError(
        `${this.at(key)}: must be a number${value === undefined ? ' (missing)' : `, got ${JSON.stringify(value)}`}`,
      );
    }
    if (integer && !Number.isInteger(value))
      throw new InputError(`${this.at(key)}: must be a whole number, got ${value}`);
    if (value < min || value > max)
      throw new InputError(`${this.at(key)}: must be between ${min} and ${max}, got ${value}`);
    return value;
  }

  duration(key: string, fallback: number, { min = 0 } = {}): number {
    const seconds = parseDuration(this.raw[key] ?? fallback, this.at(key));
    if (seconds < min) throw new InputError(`${this.at(key)}: must be at least ${min}s, got ${seconds}s`);
    return seconds;
  }

  url(key: string, fallback: string): string {
    const value = this.string(key, fallback);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new InputError(`${this.at(key)}: must be a URL, got ${JSON.stringify(value)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new InputError(`${this.at(key)}: must be an http(s) URL, got ${JSON.stringify(value)}`);
    }
    return value.replace(/\/+$/, '');
  }

  unknownKeys(allowed: string[]): void {
    const extra = Object.keys(this.raw).filter((k) => !allowed.includes(k));
    if (extra.length > 0)
      throw new InputError(`${this.at(extra[0])}: unknown field (known: ${allowed.join(', ')})`);
  }
}

// A Kubernetes object name (RFC 1123 subdomain / label).
const dnsName = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export const defaultQueries = {
  arrivalRate: `sum(rate(${metricNames.documentsReceived}{outcome="accepted"}[5m]))`,
  queueDepth: `sum(${metricNames.queueJobs}{queue="${documentQueueName}",state="waiting"})`,
};

function readSummary(file: string, where: string): CapacitySearchSummary {
  let raw: unknown;
  try {
    raw = JSON.parse(readInputFile(file));
  } catch (error) {
    throw new InputError(
      `${where}: cannot read load-test summary ${file} (${(error as Error).message.split('\n')[0]})`,
    );
  }
  if ((raw as Obj | null)?.kind !== capacitySearchKind) {
    throw new InputError(
      `${where}: ${file} is not a load-test capacity-search summary (kind must be ${capacitySearchKind})`,
    );
  }
  return raw as CapacitySearchSummary;
}

function parseTarget(r: Reader, index: number, baseDir: string, slo: Slo): TargetConfig {
  r.unknownKeys([
    'name',
    'namespace',
    'hpa',
    'prometheus',
    'capacity',
    'slo',
    'podStartup',
    'interval',
    'drain',
    'quantile',
    'model',
    'safety',
  ]);
  const namespace = r.string('namespace');
  const hpa = r.string('hpa');
  for (const [key, value] of [
    ['namespace', namespace],
    ['hpa', hpa],
  ] as const) {
    if (!dnsName.test(value))
      throw new InputError(
        `targets[${index}].${key}: ${JSON.stringify(value)} is not a valid Kubernetes name`,
      );
  }
  const p = r.section('prometheus', true);
  p.unknownKeys(['url', 'arrivalRate', 'queueDepth', 'history', 'step', 'timeout']);
  const c = r.section('capacity');
  c.unknownKeys(['perPodRate', 'loadtestSummary']);
  let capacity: TargetConfig['capacity'];
  if (c.has('perPodRate') === c.has('loadtestSummary')) {
    throw new InputError(`targets[${index}].capacity: give exactly one of perPodRate or loadtestSummary`);
  }
  if (c.has('perPodRate')) {
    capacity = { perPodRate: c.number('perPodRate', undefined, { min: 1e-9 }), source: 'config' };
  } else {
    const file = path.resolve(baseDir, c.string('loadtestSummary'));
    const pod = perPodCapacity(readSummary(file, `targets[${index}].capacity.loadtestSummary`));
    capacity = { perPodRate: pod.perPodServiceRate, source: file };
  }
  const s = r.section('slo', true);
  s.unknownKeys(['queueWaitSeconds', 'percentile']);
  const safety = r.section('safety', true);
  safety.unknownKeys(['maxStepUp', 'maxStepDown', 'scaleDownStabilisation', 'maxRecentError']);
  const model = r.string('model', 'auto');
  if (!modelNames.includes(model as ModelName)) {
    throw new InputError(
      `targets[${index}].model: unknown model ${JSON.stringify(model)} (known: ${modelNames.join(', ')})`,
    );
  }
  const quantile = r.number('quantile', 0.9, { min: 0.5, max: 0.99 });
  const stepSeconds = p.duration('step', 300, { min: 1 });
  const historySeconds = p.duration('history', 14 * 86400, { min: 1 });
  if (historySeconds < 3 * stepSeconds) {
    throw new InputError(
      `targets[${index}].prometheus.history: must cover at least 3 steps (${3 * stepSeconds}s)`,
    );
  }
  // Past this the range reader refuses the history, and the controller would fail static at every decision.
  const points = Math.floor(historySeconds / stepSeconds) + 1;
  if (points > maxRangePoints) {
    throw new InputError(
      `targets[${index}].prometheus.history: ${points} steps of ${stepSeconds}s, at most ${maxRangePoints} ` +
        `are read: use a longer step or a shorter history`,
    );
  }
  return {
    name: r.has('name') ? r.string('name') : `${namespace}/${hpa}`,
    namespace,
    hpa,
    prometheus: {
      url: p.url('url', localServices.prometheusUrl),
      arrivalRate: p.string('arrivalRate', defaultQueries.arrivalRate),
      queueDepth: p.string('queueDepth', defaultQueries.queueDepth),
      historySeconds,
      stepSeconds,
      timeoutSeconds: p.duration('timeout', 10, { min: 0.1 }),
    },
    capacity,
    slo: {
      seconds: s.number('queueWaitSeconds', slo.queueWait.seconds, { min: 0 }),
      percentile: s.number('percentile', slo.queueWait.percentile, { min: 0.5, max: 0.9999 }),
    },
    podStartupSeconds: r.duration('podStartup', 60),
    intervalSeconds: r.duration('interval', 30, { min: 1 }),
    drainSeconds: r.duration('drain', 0),
    quantile: String(quantile),
    model: model as ModelName,
    safety: {
      maxStepUp: safety.number('maxStepUp', 10, { min: 1, integer: true }),
      maxStepDown: safety.number('maxStepDown', 2, { min: 1, integer: true }),
      scaleDownStabilisationSeconds: safety.duration('scaleDownStabilisation', 300),
      maxRecentError: safety.number('maxRecentError', 0.5, { min: 0, max: 2 }),
    },
  };
}

/** Validates a parsed config document. `baseDir` resolves relative file paths in it. */
export function parseConfig(raw: unknown, baseDir: string, slo: Slo = loadSlo()): AutoscalerConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new InputError('config: must be an object with "targets"');
  const r = new Reader(raw as Obj, '');
  r.unknownKeys(['targets', 'leaderElection', 'metricsPort', 'metricsHost']);
  const targets = (raw as Obj).targets;
  if (!Array.isArray(targets) || targets.length === 0)
    throw new InputError('targets: must be a non-empty list');
  const parsed = targets.map((t, i) => {
    if (typeof t !== 'object' || t === null || Array.isArray(t))
      throw new InputError(`targets[${i}]: must be an object`);
    return parseTarget(new Reader(t as Obj, `targets[${i}]`), i, baseDir, slo);
  });
  const seen = new Set<string>();
  for (const t of parsed) {
    const key = `${t.namespace}/${t.hpa}`;
    if (seen.has(key)) throw new InputError(`targets: ${key} is listed twice`);
    seen.add(key);
  }
  const le = r.section('leaderElection', true);
  le.unknownKeys(['namespace', 'name', 'leaseDuration']);
  return {
    targets: parsed,
    leaderElection: {
      namespace: le.string('namespace', parsed[0].namespace),
      name: le.string('name', 'headroom-autoscaler'),
      leaseDurationSeconds: le.duration('leaseDuration', 15, { min: 1 }),
    },
    metricsPort: r.number('metricsPort', localServices.autoscalerMetricsPort, {
      min: 0,
      max: 65535,
      integer: true,
    }),
    metricsHost: ipAddress(r.string('metricsHost', '127.0.0.1'), 'metricsHost'),
  };
}

/** Reads a YAML or JSON config file. */
export function loadConfig(file: string, slo?: Slo): AutoscalerConfig {
  let text: string;
  try {
    text = readInputFile(file);
  } catch (error) {
    throw new InputError(`config: cannot read ${file} (${(error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text); // YAML is a superset of JSON: one parser for both.
  } catch (error) {
    throw new InputError(
      `config: ${file} is not valid YAML/JSON (${(error as Error).message.split('\n')[0]})`,
    );
  }
  return parseConfig(raw, path.dirname(path.resolve(file)), slo);
}

function ipAddress(value: string, where: string): string {
  if (isIP(value) === 0)
    throw new InputError(
      `${where}: must be an IP address to listen on (e.g. 127.0.0.1 or 0.0.0.0), got "${value}"`,
    );
  return value;
}
