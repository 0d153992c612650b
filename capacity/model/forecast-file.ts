/**
 * Reads what `headroom forecast --json` prints — `{model, step, points: [{timestamp, p50, p90,
 * ...}], accuracy}` — back into a `Forecast`. Lenient where it costs nothing (step in seconds
 * or as a duration string, timestamps as ISO strings or Unix seconds/ms, quantiles as `p90`
 * fields or a `quantiles` object), strict about everything the plan depends on.
 */
import { capacitySearchKind } from '../../common/capacity-search.ts';
import { InputError } from '../../common/errors.ts';
import type { Forecast, ForecastPoint } from '../forecast/forecaster.ts';
import { readJsonFile } from './summary.ts';

const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Seconds from `90`, `"90"`, `"90s"`, `"5m"`, `"1h"`, `"1h30m"`, `"PT1H"`; null if not a duration. */
export function parseDurationSeconds(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim().toLowerCase().replace(/^pt?/, '');
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) > 0 ? Number(text) : null;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return null;
  const seconds = parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]], 0);
  return seconds > 0 ? seconds : null;
}

function timestampMs(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Unix seconds until the year 5138; anything larger is milliseconds.
    return value < 1e11 ? value * 1000 : value;
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return ms;
  }
  throw new InputError(
    `${where}: timestamp must be an ISO-8601 date-time or Unix time, got ${JSON.stringify(value)}`,
  );
}

function quantilesOf(point: Record<string, unknown>, where: string): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (q: number, v: unknown, key: string) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new InputError(`${where}: ${key} must be a number ≥ 0, got ${JSON.stringify(v)}`);
    }
    out[String(q)] = v;
  };
  for (const [key, v] of Object.entries(point)) {
    const m = /^p(\d{1,2}(?:\.\d+)?)$/.exec(key);
    if (m) add(Number(m[1]) / 100, v, key);
  }
  if (typeof point.quantiles === 'object' && point.quantiles !== null) {
    for (const [key, v] of Object.entries(point.quantiles as Record<string, unknown>)) {
      const q = Number(key);
      if (!(q > 0 && q < 1))
        throw new InputError(`${where}: quantile key ${JSON.stringify(key)} is not in (0, 1)`);
      add(q, v, `quantiles["${key}"]`);
    }
  }
  if (Object.keys(out).length === 0)
    throw new InputError(`${where}: no quantile values (expected fields like p50, p90)`);
  return out;
}

export function parseForecastJson(raw: unknown, where = 'forecast'): Forecast {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new InputError(`${where}: must be a JSON object`);
  const doc = raw as Record<string, unknown>;
  if (doc.kind === capacitySearchKind) {
    throw new InputError(
      `${where}: this is a load-test summary (kind ${capacitySearchKind}), not a forecast; pass it to --loadtest`,
    );
  }
  if (doc.kind !== undefined && !(typeof doc.kind === 'string' && doc.kind.includes('forecast'))) {
    throw new InputError(
      `${where}: kind is ${JSON.stringify(doc.kind)}, expected the output of headroom forecast --json`,
    );
  }
  const stepSeconds = parseDurationSeconds(
    doc.step ?? doc.stepSeconds ?? (typeof doc.stepMs === 'number' ? doc.stepMs / 1000 : undefined),
  );
  if (stepSeconds === null) {
    throw new InputError(
      `${where}: step must be seconds or a duration like "5m" or "1h", got ${JSON.stringify(doc.step)}`,
    );
  }
  if (!Array.isArray(doc.points) || doc.points.length === 0)
    throw new InputError(`${where}: points must be a non-empty array`);
  const points: ForecastPoint[] = doc.points.map((p, i) => {
    const at = `${where}: points[${i}]`;
    if (typeof p !== 'object' || p === null) throw new InputError(`${at} must be an object`);
    const point = p as Record<string, unknown>;
    return { timestamp: timestampMs(point.timestamp, at), quantiles: quantilesOf(point, at) };
  });
  const stepMs = stepSeconds * 1000;
  const keys = Object.keys(points[0].quantiles).sort().join(', ');
  for (let i = 1; i < points.length; i++) {
    const gap = points[i].timestamp - points[i - 1].timestamp;
    if (gap <= 0) {
      throw new InputError(`${where}: points[${i}] is not after points[${i - 1}] (timestamps must increase)`);
    }
    // Gaps are allowed, but only whole steps: anything else means step and timestamps disagree.
    const steps = gap / stepMs;
    if (Math.abs(steps - Math.round(steps)) > 1e-6) {
      throw new InputError(
        `${where}: points[${i - 1}] and points[${i}] are ${gap / 1000}s apart, which is not a multiple of the step (${stepSeconds}s)`,
      );
    }
    const here = Object.keys(points[i].quantiles).sort().join(', ');
    if (here !== keys) {
      throw new InputError(`${where}: points[${i}] has quantiles ${here} but points[0] has ${keys}`);
    }
  }
  return {
    model: typeof doc.model === 'string' ? doc.model : 'unknown',
    stepMs,
    points,
    notes: Array.isArray(doc.notes) ? doc.notes.map(String) : [],
  };
}

export function loadForecastFile(file: string): Forecast {
  return parseForecastJson(readJsonFile(file, 'forecast'), `forecast ${file}`);
}
