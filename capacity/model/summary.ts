/** Reads and checks a load-test capacity-search summary (common/capacity-search.ts). */
import {
  capacitySearchKind,
  type CapacitySearchStep,
  type CapacitySearchSummary,
} from '../../common/capacity-search.ts';
import { InputError } from '../../common/errors.ts';
import { readInputFile } from '../../common/input-files.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// Far above any measured rate, latency or duration; a throughput of 1e308 made the USL fit
// overflow and still print R²=1.
const maxNumber = 1e12;

function numberAt(obj: Json, key: string, where: string, min = 0): number {
  const v = obj[key];
  if (typeof v !== 'number' || !(v >= min && v <= maxNumber)) {
    throw new InputError(
      `${where}.${key} must be a number from ${min} to ${maxNumber}, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

/** Reads a JSON file with one clear line for "missing" and "not JSON". */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readInputFile(file);
  } catch (error) {
    const why = (error as Error).message;
    throw new InputError(`${what} ${file}: ${why === 'no such file' ? why : `cannot read (${why})`}`);
  }
  if (text.trim() === '') throw new InputError(`${what} ${file}: the file is empty`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${what} ${file}: not valid JSON (${(error as Error).message})`);
  }
}

/** Validates a parsed summary; `where` prefixes every message (e.g. the file name). */
export function parseCapacitySearch(raw: unknown, where = 'capacity search'): CapacitySearchSummary {
  if (!isObject(raw)) throw new InputError(`${where}: must be a JSON object`);
  if (raw.kind !== capacitySearchKind) {
    throw new InputError(
      `${where}: kind is ${JSON.stringify(raw.kind)}, expected "${capacitySearchKind}" (the output of headroom loadtest capacity --json)`,
    );
  }
  if (!Array.isArray(raw.steps) || raw.steps.length === 0)
    throw new InputError(`${where}: steps must be a non-empty array`);
  const steps = raw.steps.map((s, i): CapacitySearchStep => {
    const at = `${where}: steps[${i}]`;
    if (!isObject(s)) throw new InputError(`${at} must be an object`);
    if (typeof s.passed !== 'boolean') throw new InputError(`${at}.passed must be true or false`);
    const latency = isObject(s.latencyMs) ? s.latencyMs : {};
    return {
      targetRate: numberAt(s, 'targetRate', at),
      throughput: numberAt(s, 'throughput', at),
      processedRate: s.processedRate === undefined ? undefined : numberAt(s, 'processedRate', at),
      concurrency: numberAt(s, 'concurrency', at),
      latencyMs: {
        p50: numberAt(latency, 'p50', `${at}.latencyMs`),
        p95: numberAt(latency, 'p95', `${at}.latencyMs`),
        p99: numberAt(latency, 'p99', `${at}.latencyMs`),
        mean: numberAt(latency, 'mean', `${at}.latencyMs`),
      },
      errorRate: numberAt(s, 'errorRate', at),
      droppedIterations: numberAt(s, 'droppedIterations', at),
      durationSeconds: numberAt(s, 'durationSeconds', at),
      passed: s.passed,
      failures: Array.isArray(s.failures) ? s.failures.map(String) : [],
      loadGeneratorCores:
        s.loadGeneratorCores === undefined ? undefined : numberAt(s, 'loadGeneratorCores', at),
    };
  });
  let workers: CapacitySearchSummary['workers'];
  if (raw.workers !== undefined) {
    if (!isObject(raw.workers)) throw new InputError(`${where}: workers must be an object`);
    const replicas = numberAt(raw.workers, 'replicas', `${where}: workers`, 1);
    const concurrency = numberAt(raw.workers, 'concurrency', `${where}: workers`, 1);
    if (!Number.isInteger(replicas) || !Number.isInteger(concurrency)) {
      throw new InputError(`${where}: workers.replicas and workers.concurrency must be whole numbers`);
    }
    workers = { replicas, concurrency };
  }
  const firstFailingRate = raw.firstFailingRate;
  if (firstFailingRate !== null && firstFailingRate !== undefined && typeof firstFailingRate !== 'number') {
    throw new InputError(`${where}: firstFailingRate must be a number or null`);
  }
  return {
    kind: capacitySearchKind,
    target: typeof raw.target === 'string' ? raw.target : 'unknown',
    startedAt: typeof raw.startedAt === 'string' ? raw.startedAt : '',
    finishedAt: typeof raw.finishedAt === 'string' ? raw.finishedAt : '',
    machineCores: raw.machineCores === undefined ? undefined : numberAt(raw, 'machineCores', where, 1),
    workers,
    maxPassingRate: numberAt(raw, 'maxPassingRate', where),
    firstFailingRate: firstFailingRate ?? null,
    steps,
  };
}

export function loadCapacitySearch(file: string): CapacitySearchSummary {
  return parseCapacitySearch(readJsonFile(file, 'load-test summary'), `load-test summary ${file}`);
}
