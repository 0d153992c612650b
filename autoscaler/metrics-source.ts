import type { Series } from '../capacity/forecast/forecaster.ts';
import { queryRangeSeries } from '../capacity/forecast/index.ts';
import { HeadroomError } from '../common/errors.ts';
import { fetchFailure } from '../common/fetch-failure.ts';

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
  data?: { resultType: string; result: Array<{ value?: [number, string] }> };
}

/**
 * Prometheus with a timeout per request: the history through the forecast's range reader
 * (chunked, on a regular grid), the current value through one instant query. Written by
 * hand: two GET endpoints and one JSON shape do not need a client library.
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
      throw new MetricsSourceError(`cannot reach Prometheus at ${this.baseUrl}: ${fetchFailure(error)}`);
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
    const stepMs = stepSeconds * 1000;
    let series: Series;
    try {
      series = await queryRangeSeries({
        url: this.baseUrl,
        query,
        start: endMs - historySeconds * 1000,
        end: endMs,
        stepMs,
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      // Every failure to read the history, a rejected query too, is one the controller fails static on.
      if (error instanceof HeadroomError) throw new MetricsSourceError(error.message);
      throw error;
    }
    // Leading steps before the metric existed are not history, they are nothing.
    const first = series.values.findIndex((v) => v !== null);
    return { start: series.start + first * stepMs, stepMs, values: series.values.slice(first) };
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
