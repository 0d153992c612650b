import type { CapacitySearchSummary } from '../common/capacity-search.ts';

/**
 * The capacity curve as plain chart data (throughput and p95 latency per target rate).
 * Shaped for the shared renderer's `lineChart` (capacity/charts), which the CLI applies:
 * loadtest/ does not import capacity/ (arrows go one way).
 */
export function capacityChartData(summary: CapacitySearchSummary) {
  const steps = [...summary.steps].sort((a, b) => a.targetRate - b.targetRate);
  return {
    title: 'Capacity search: throughput and p95 ingest latency per arrival rate',
    subtitle: `${summary.target} · max passing rate ${summary.maxPassingRate}/s${
      summary.firstFailingRate === null ? '' : ` · first failing ${summary.firstFailingRate}/s`
    }`,
    xLabel: 'arrival rate (documents/s)',
    yLabel: 'throughput (documents/s)',
    xType: 'number' as const,
    series: [
      { name: 'throughput', points: steps.map((s) => ({ x: s.targetRate, y: s.throughput })) },
      { name: 'offered', dashed: true, points: steps.map((s) => ({ x: s.targetRate, y: s.targetRate })) },
    ],
    y2: {
      label: 'p95 ingest latency (ms)',
      series: [{ name: 'p95 latency', points: steps.map((s) => ({ x: s.targetRate, y: s.latencyMs.p95 })) }],
    },
    markers: summary.maxPassingRate > 0 ? [{ x: summary.maxPassingRate, label: 'max passing rate' }] : [],
  };
}
