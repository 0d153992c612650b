import type { Series } from '../capacity/forecast/forecaster.ts';
import { HeadroomError } from '../common/errors.ts';

/** Where the controller reads history and the current backlog from (Prometheus in production). */
export interface MetricsSource {
  /** A regular series over [end − history, end], one value per step; missing steps are null. */
  history(query: string, endMs: number, historySeconds: number, stepSeconds: number): Promise<Series>;
  /** The query's current value (one number: a sum), or null when it returns nothing. */
  current(query: string, atMs: number): Promise<number | null>;
}

/** A failure of the metrics backend: the controller fails static on it. */
export class MetricsSourceError extends HeadroomError {
  constructor(message: string) {
    super(message, 1);
    this.name = 'MetricsSourceError';
  }
}

interface PromResponse {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: Array<{ values?: [number, string][]; value?: [number, string] }> };
}

/**
 * A small Prometheus HTTP API client (query and query_range) with a timeout per request.
 * Written by hand: two GET endpoints and one JSON shape do not need a client library.
 */
export class PrometheusSource implements MetricsSource {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  private async get(pathname: string, params: Record<string, string>): Promise<PromResponse> {
    const url = `${this.baseUrl.replace(/\/+$/, '')}${pathname}?${new URLSearchParams(params)}`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new MetricsSourceError(`Prometheus at ${this.baseUrl} unreachable (${cause})`);
    }
    const text = await response.text();
    let body: PromResponse;
    try {
      body = JSON.parse(text) as PromResponse;
    } catch {
      throw new MetricsSourceError(
        `Prometheus at ${this.baseUrl} answered HTTP ${response.status} without JSON`,
      );
    }
    if (!response.ok || body.status !== 'success' || !body.data) {
      throw new MetricsSourceError(
        `Prometheus query failed: HTTP ${response.status} ${body.error ?? ''}`.trim(),
      );
    }
    return body;
  }

  async history(query: string, endMs: number, historySeconds: number, stepSeconds: number): Promise<Series> {
    // Align to whole steps so consecutive decisions see the same grid.
    const end = Math.floor(endMs / 1000 / stepSeconds) * stepSeconds;
    const start = end - Math.floor(historySeconds / stepSeconds) * stepSeconds;
    const body = await this.get('/api/v1/query_range', {
      query,
      start: String(start),
      end: String(end),
      step: String(stepSeconds),
    });
    const result = body.data!.result;
    if (body.data!.resultType !== 'matrix')
      throw new MetricsSourceError(`query_range returned ${body.data!.resultType}, not a matrix`);
    if (result.length > 1) {
      throw new MetricsSourceError(
        `the query returned ${result.length} series; wrap it in sum(...) to get one`,
      );
    }
    const count = Math.round((end - start) / stepSeconds) + 1;
    const values: Array<number | null> = new Array(count).fill(null);
    for (const [t, v] of result[0]?.values ?? []) {
      const i = Math.round((t - start) / stepSeconds);
      const n = Number(v);
      if (i >= 0 && i < count && Number.isFinite(n)) values[i] = n;
    }
    // Leading steps before the metric existed are not history, they are nothing.
    const first = values.findIndex((v) => v !== null);
    if (first < 0) throw new MetricsSourceError(`no data for ${query} in the last ${historySeconds}s`);
    return {
      start: (start + first * stepSeconds) * 1000,
      stepMs: stepSeconds * 1000,
      values: values.slice(first),
    };
  }

  async current(query: string, atMs: number): Promise<number | null> {
    const body = await this.get('/api/v1/query', { query, time: String(atMs / 1000) });
    const result = body.data!.result;
    if (result.length === 0) return null;
    if (result.length > 1)
      throw new MetricsSourceError(`the query returned ${result.length} series; wrap it in sum(...)`);
    const value = Number(result[0].value?.[1]);
    return Number.isFinite(value) ? value : null;
  }
}
