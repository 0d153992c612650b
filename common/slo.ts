import { readInputFile } from './input-files.ts';
import { InputError } from './errors.ts';
import { sloPath } from './paths.ts';

/** The service-level objectives, read from the one SLO file at the repository root. */
export interface Slo {
  service: string;
  ingestLatency: { p95Ms: number; p99Ms: number };
  endToEndLatency: { p95Seconds: number };
  errorRate: { max: number };
  availability: { objective: number; windowDays: number };
  queueWait: { percentile: number; seconds: number };
}

function positive(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InputError(`SLO file: ${where} must be a positive number, got ${JSON.stringify(value)}`);
  }
  return value;
}

function fraction(value: unknown, where: string): number {
  const n = positive(value, where);
  if (n >= 1) throw new InputError(`SLO file: ${where} must be between 0 and 1, got ${n}`);
  return n;
}

function section(raw: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = raw[key];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`SLO file: "${key}" must be an object`);
  }
  return value as Record<string, unknown>;
}

/** Validates a parsed SLO document; one clear error on the first problem. */
export function parseSlo(raw: unknown): Slo {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError('SLO file: must be a JSON object');
  }
  const doc = raw as Record<string, unknown>;
  const ingest = section(doc, 'ingestLatency');
  const e2e = section(doc, 'endToEndLatency');
  const errors = section(doc, 'errorRate');
  const availability = section(doc, 'availability');
  const queueWait = section(doc, 'queueWait');
  const slo: Slo = {
    service: typeof doc.service === 'string' ? doc.service : 'processor',
    ingestLatency: {
      p95Ms: positive(ingest.p95Ms, 'ingestLatency.p95Ms'),
      p99Ms: positive(ingest.p99Ms, 'ingestLatency.p99Ms'),
    },
    endToEndLatency: { p95Seconds: positive(e2e.p95Seconds, 'endToEndLatency.p95Seconds') },
    errorRate: { max: fraction(errors.max, 'errorRate.max') },
    availability: {
      objective: fraction(availability.objective, 'availability.objective'),
      windowDays: positive(availability.windowDays, 'availability.windowDays'),
    },
    queueWait: {
      percentile: fraction(queueWait.percentile, 'queueWait.percentile'),
      seconds: positive(queueWait.seconds, 'queueWait.seconds'),
    },
  };
  if (slo.ingestLatency.p99Ms < slo.ingestLatency.p95Ms) {
    throw new InputError('SLO file: ingestLatency.p99Ms must be at least ingestLatency.p95Ms');
  }
  return slo;
}

/** Reads and validates the SLO file (the repository's slo.json unless a path is given). */
export function loadSlo(file: string = sloPath): Slo {
  let text: string;
  try {
    text = readInputFile(file);
  } catch (error) {
    throw new InputError(`SLO file: cannot read ${file} (${(error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`SLO file: ${file} is not valid JSON (${(error as Error).message})`);
  }
  return parseSlo(raw);
}
