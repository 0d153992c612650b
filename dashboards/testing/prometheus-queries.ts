/** Query helpers for the tests' private Prometheus (common/testing/prometheus.ts starts it). */

export interface QueryResult {
  status: string;
  error?: string;
  data?: {
    resultType: string;
    result: Array<{ metric: Record<string, string>; values?: [number, string][]; value?: [number, string] }>;
  };
}

export async function query(url: string, expr: string): Promise<QueryResult> {
  const res = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    body: new URLSearchParams({ query: expr }),
  });
  return (await res.json()) as QueryResult;
}

export async function queryRange(
  url: string,
  expr: string,
  start: number,
  end: number,
  step: number,
): Promise<QueryResult> {
  const body = new URLSearchParams({
    query: expr,
    start: String(start),
    end: String(end),
    step: String(step),
  });
  const res = await fetch(`${url}/api/v1/query_range`, { method: 'POST', body });
  return (await res.json()) as QueryResult;
}

/** True when a query_range result holds at least one finite value. */
export function hasFiniteValue(result: QueryResult): boolean {
  return (result.data?.result ?? []).some((series) =>
    (series.values ?? []).some(([, v]) => Number.isFinite(Number(v))),
  );
}
