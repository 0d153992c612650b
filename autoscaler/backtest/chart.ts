import { lineChart, type LineSeries } from '../../capacity/charts/index.ts';
import type { BacktestResult, TimelinePoint } from './simulate.ts';

const policies = ['reactive', 'predictive', 'oracle'] as const;

/** Merges consecutive intervals so a long trace draws at most `maxPoints` points per line. */
function downsample(timeline: TimelinePoint[], maxPoints: number): TimelinePoint[] {
  const group = Math.max(1, Math.ceil(timeline.length / maxPoints));
  if (group === 1) return timeline;
  const out: TimelinePoint[] = [];
  for (let i = 0; i < timeline.length; i += group) {
    const slice = timeline.slice(i, i + group);
    const pick = (f: (p: TimelinePoint) => number, how: 'max' | 'sum' | 'mean') => {
      const values = slice.map(f);
      const sum = values.reduce((a, b) => a + b, 0);
      return how === 'max' ? Math.max(...values) : how === 'sum' ? sum : sum / values.length;
    };
    out.push({
      timestamp: slice[0].timestamp,
      load: pick((p) => p.load, 'mean'),
      replicas: Object.fromEntries(
        policies.map((k) => [k, pick((p) => p.replicas[k], 'max')]),
      ) as TimelinePoint['replicas'],
      violationMinutes: Object.fromEntries(
        policies.map((k) => [k, pick((p) => p.violationMinutes[k], 'sum')]),
      ) as TimelinePoint['violationMinutes'],
    });
  }
  return out;
}

/** Load, replicas per policy, and where each policy broke the queue-wait SLO, over time. */
export function backtestChart(
  result: BacktestResult,
  title = 'Backtest: reactive HPA vs predictive vs oracle',
): string {
  const timeline = downsample(result.timeline, 1200);
  const replicas: LineSeries[] = policies.map((k) => ({
    name: `${k} replicas`,
    step: true,
    dashed: k === 'oracle',
    points: timeline.map((p) => ({ x: p.timestamp, y: p.replicas[k] })),
  }));
  // Violations drawn over the replicas line they belong to: only where the SLO was broken.
  const violations: LineSeries[] = (['reactive', 'predictive'] as const).map((k) => ({
    name: `${k}: queue wait over SLO`,
    color: k === 'reactive' ? '#d62728' : '#ff7f0e',
    points: timeline.map((p) => ({ x: p.timestamp, y: p.violationMinutes[k] > 0 ? p.replicas[k] : null })),
  }));
  const { reactive, predictive, oracle } = result.policies;
  return lineChart({
    title,
    subtitle:
      `violation minutes: reactive ${reactive.violationMinutes}, predictive ${predictive.violationMinutes}, oracle ${oracle.violationMinutes}` +
      ` · pod-hours: ${reactive.podHours} / ${predictive.podHours} / ${oracle.podHours}`,
    xLabel: 'time',
    yLabel: 'replicas',
    xType: 'time',
    series: [...replicas, ...violations],
    y2: {
      label: 'load (documents/s)',
      series: [{ name: 'load', dashed: true, points: timeline.map((p) => ({ x: p.timestamp, y: p.load })) }],
    },
  });
}
