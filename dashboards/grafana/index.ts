import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Slo } from '../../common/slo.ts';
import { autoscalerDashboard } from './autoscaler.ts';
import { capacityReviewDashboard } from './capacity-review.ts';
import { loadTestDashboard } from './load-test.ts';
import { processorDashboard } from './processor.ts';

export interface RenderedDashboard {
  /** File name under rendered/grafana/ (without .json). */
  file: string;
  dashboard: Dashboard;
}

/** Every Headroom dashboard, built from the SLO file; panel ids numbered for stable output. */
export function dashboards(slo: Slo): RenderedDashboard[] {
  const built = [
    { file: 'processor', dashboard: processorDashboard(slo).build() },
    { file: 'capacity-review', dashboard: capacityReviewDashboard(slo).build() },
    { file: 'autoscaler', dashboard: autoscalerDashboard(slo).build() },
    { file: 'load-test', dashboard: loadTestDashboard(slo).build() },
  ];
  for (const { dashboard } of built) {
    let id = 1;
    for (const panel of dashboard.panels ?? []) panel.id = id++;
  }
  return built;
}
