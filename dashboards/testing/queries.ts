import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';

export interface PanelQuery {
  dashboard: string;
  panel: string;
  refId: string;
  expr: string;
}

/** Every PromQL expression of a dashboard's panels. */
export function panelQueries(dashboard: Dashboard): PanelQuery[] {
  const out: PanelQuery[] = [];
  for (const panel of dashboard.panels ?? []) {
    if (panel.type === 'row' || !('targets' in panel)) continue;
    for (const target of panel.targets ?? []) {
      const { expr, refId } = target as { expr?: unknown; refId?: string };
      if (typeof expr === 'string') {
        out.push({ dashboard: dashboard.uid ?? '', panel: panel.title ?? '', refId: refId ?? '', expr });
      }
    }
  }
  return out;
}

/** Dashboard variables an expression refers to ($name or ${name}), Grafana built-ins ($__x) excluded. */
export function usedVariables(expr: string): string[] {
  const names = new Set<string>();
  for (const match of expr.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (!match[1]!.startsWith('__')) names.add(match[1]!);
  }
  return [...names];
}

/**
 * The expression as Grafana sends it with every variable on "All" (`.*`) and the given
 * $__rate_interval, so a test can run it against a real Prometheus.
 */
export function substitute(expr: string, rateInterval: string): string {
  return expr
    .replaceAll('$__rate_interval', rateInterval)
    .replaceAll('$__interval', rateInterval)
    .replace(/\$\{?(namespace|instance|testid)\}?/g, '.*');
}
