/** The capacity model's two charts: the USL fit over the load-test steps, and the plan. */
import type { CapacitySearchSummary } from '../../common/capacity-search.ts';
import { formatValue, lineChart, type Marker } from '../charts/index.ts';
import type { PodCapacity } from './capacity.ts';
import type { CapacityPlan } from './plan.ts';
import { uslThroughput } from './usl.ts';

/** Measured throughput against concurrency, the fitted USL curve, knee and peak. */
export function uslChart(summary: CapacitySearchSummary, capacity: PodCapacity): string {
  const measured = summary.steps
    .filter((s) => s.concurrency > 0)
    .sort((a, b) => a.concurrency - b.concurrency)
    .map((s) => ({ x: s.concurrency, y: s.throughput }));
  const series = [{ name: 'measured throughput', points: measured }];
  const markers: Marker[] = [
    { y: capacity.serviceRate, label: `sustainable ${formatValue(capacity.serviceRate)}/s` },
  ];
  const usl = capacity.usl;
  if (usl) {
    const maxN = Math.max(...measured.map((p) => p.x), usl.peakConcurrency ?? 0) * 1.1;
    const curve = Array.from({ length: 81 }, (_, i) => {
      const n = (maxN * (i + 1)) / 81;
      return { x: n, y: uslThroughput(n, usl) };
    });
    series.push({
      name: `USL fit (R² ${formatValue(usl.r2)})`,
      points: curve,
      dashed: true,
    } as (typeof series)[number]);
    if (usl.kneeConcurrency !== null && usl.kneeConcurrency < maxN) {
      markers.push({ x: usl.kneeConcurrency, label: `knee N=${formatValue(usl.kneeConcurrency)}` });
    }
    if (usl.peakConcurrency !== null && usl.peakThroughput !== null && usl.peakConcurrency < maxN) {
      markers.push({
        x: usl.peakConcurrency,
        y: usl.peakThroughput,
        label: `peak ${formatValue(usl.peakThroughput)}/s at N=${formatValue(usl.peakConcurrency)}`,
      });
    }
  }
  const subtitle = usl
    ? `σ=${formatValue(usl.sigma)} κ=${formatValue(usl.kappa)} λ=${formatValue(usl.lambda)}/s, ${capacity.replicas} replica(s)`
    : 'too few steps for a USL fit';
  return lineChart({
    title: `Scalability of ${summary.target}`,
    subtitle,
    xLabel: 'concurrency (requests in flight)',
    yLabel: 'throughput (requests/s)',
    xType: 'number',
    series,
    markers,
  });
}

/** Demand at the planned quantile and the replicas per hour, with the current capacity. */
export function planChart(plan: CapacityPlan): string {
  const toMs = (iso: string) => Date.parse(iso);
  const markers: Marker[] = [];
  if (plan.current) {
    markers.push({
      y: plan.current.capacityRate,
      label: `capacity of ${plan.current.replicas} replicas: ${formatValue(plan.current.capacityRate)}/s`,
    });
  }
  const last = plan.hours[plan.hours.length - 1];
  // Step lines hold each hour's value to the hour's end, so the last hour gets its end point.
  const end = last ? toMs(last.hour) + 3_600_000 : 0;
  const stepEnd = last ? [{ x: end, y: last.replicas }] : [];
  const demandEnd = last ? [{ x: end, y: last.demandRate }] : [];
  return lineChart({
    title: 'Capacity plan',
    subtitle: `p${formatValue(Number(plan.quantile) * 100)} demand, ${formatValue(plan.perPodServiceRate)}/s per pod, headroom ${formatValue(plan.headroom * 100)} %, peak ${plan.peak.replicas} replicas`,
    xLabel: 'time',
    yLabel: 'arrivals/s',
    xType: 'time',
    series: [
      {
        name: `demand (p${formatValue(Number(plan.quantile) * 100)}, hourly peak)`,
        points: [...plan.hours.map((h) => ({ x: toMs(h.hour), y: h.demandRate })), ...demandEnd],
        step: true,
      },
    ],
    markers,
    y2: {
      label: 'replicas',
      series: [
        {
          name: 'replicas needed',
          step: true,
          points: [...plan.hours.map((h) => ({ x: toMs(h.hour), y: h.replicas })), ...stepEnd],
        },
      ],
    },
  });
}
