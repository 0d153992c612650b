import { HeadroomError, InputError } from '../../common/errors.ts';
import { fetchFailure } from '../../common/fetch-failure.ts';
import type { Series } from './forecaster.ts';

export interface PrometheusRangeQuery {
  /** Base URL of Prometheus, e.g. http://127.0.0.1:19090 */
  url: string;
  /** PromQL that returns exactly one series (aggregate with sum(...) if needed). */
  query: string;
  /** Unix ms. */
  start: number;
  end: number;
  stepMs: number;
  timeoutMs?: number;
}

interface QueryRangeResponse {
  status: 'success' | 'error';
  errorType?: string;
  error?: string;
  data?: {
    resultType: string;
    result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
  };
}

/** Prometheus refuses more than 11,000 points per series in one query_range. */
const maxPointsPerRequest = 10_000;
/** About a year of 5-minute steps: a forecast of that many points already takes half a minute. */
export const maxRangePoints = 100_000;

/**
 * Reads one series from Prometheus' query_range API onto a regular grid: timestamps the
 * server has no sample for, and NaN samples, become gaps (null). Long ranges are fetched
 * in chunks under the server's points-per-query limit. A small client because the HTTP
 * API is two fields and a matrix; no maintained TS client is in the dependency set.
 */
export async function queryRangeSeries(q: PrometheusRangeQuery): Promise<Series> {
  const stepMs = q.stepMs;
  if (stepMs % 1000 !== 0) throw new InputError(`step must be whole seconds, got ${stepMs} ms`);
  const start = Math.floor(q.start / stepMs) * stepMs;
  const end = Math.floor(q.end / stepMs) * stepMs;
  if (end <= start) throw new InputError('the range must cover at least two steps');
  const count = (end - start) / stepMs + 1;
  if (count > maxRangePoints) {
    throw new InputError(
      `the range covers ${count} steps, at most ${maxRangePoints} are read: use a longer step or a shorter range`,
    );
  }
  const values: Array<number | null> = new Array(count).fill(null);
  for (let chunkStart = start; chunkStart <= end; chunkStart += maxPointsPerRequest * stepMs) {
    const chunkEnd = Math.min(end, chunkStart + (maxPointsPerRequest - 1) * stepMs);
    const result = await fetchRange(q, chunkStart, chunkEnd);
    if (result.length > 1) {
      throw new InputError(
        `query returned ${result.length} series; forecast needs one: aggregate it, e.g. sum(${q.query})`,
      );
    }
    for (const [seconds, text] of result[0]?.values ?? []) {
      const index = Math.round((seconds * 1000 - start) / stepMs);
      const value = Number(text);
      if (index >= 0 && index < count && Number.isFinite(value)) values[index] = value;
    }
  }
  if (values.every((v) => v === null)) {
    throw new InputError(
      `query returned no samples between ${new Date(start).toISOString()} and ${new Date(end).toISOString()}`,
    );
  }
  return { start, stepMs, values };
}

async function fetchRange(q: PrometheusRangeQuery, start: number, end: number) {
  let url: URL;
  try {
    url = new URL(q.url);
  } catch {
    throw new InputError(`--prometheus "${q.url}" is not a URL`);
  }
  // Appended, not resolved: a Prometheus served under a path (http://host/prometheus) keeps it.
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/v1/query_range`;
  url.search = new URLSearchParams({
    query: q.query,
    start: String(start / 1000),
    end: String(end / 1000),
    step: `${q.stepMs / 1000}s`,
  }).toString();
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(q.timeoutMs ?? 30_000) });
  } catch (error) {
    throw new HeadroomError(`cannot reach Prometheus at ${q.url}: ${fetchFailure(error)}`);
  }
  let body: QueryRangeResponse;
  try {
    body = (await response.json()) as QueryRangeResponse;
  } catch {
    throw new HeadroomError(`Prometheus at ${q.url} answered HTTP ${response.status} without a JSON body`);
  }
  if (body.status !== 'success') {
    const message = `Prometheus rejected the query: ${body.errorType ?? 'error'}: ${body.error ?? `HTTP ${response.status}`}`;
    throw response.status === 400 || response.status === 422
      ? new InputError(message)
      : new HeadroomError(message);
  }
  if (body.data?.resultType !== 'matrix') {
    throw new HeadroomError(
      `Prometheus answered a ${body.data?.resultType ?? 'missing'} result, expected a matrix`,
    );
  }
  return body.data.result;
}
