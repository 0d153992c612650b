import { barChart, lineChart } from '../charts/index.ts';
import type { ReviewDocument } from './review.ts';

/** The review's charts, each a standalone SVG string, in the order the report shows them. */
export interface ReviewChart {
  id: string;
  title: string;
  svg: string;
}

function uslThroughput(n: number, usl: NonNullable<ReviewDocument['capacity']['usl']>): number {
  return (usl.lambda * n) / (1 + usl.sigma * (n - 1) + usl.kappa * n * (n - 1));
}

function throughputLatencyChart(review: ReviewDocument): ReviewChart {
  const steps = [...review.capacitySearch.steps].sort((a, b) => a.targetRate - b.targetRate);
  const slo = review.slo.ingestLatency;
  const maxRate = review.capacitySearch.maxPassingRate;
  return {
    id: 'throughput-latency',
    title: 'Throughput and latency per step',
    svg: lineChart({
      title: 'Throughput vs latency',
      subtitle: `capacity search: highest rate meeting every SLO ${maxRate.toFixed(1)} req/s`,
      xLabel: 'target arrival rate (req/s)',
      yLabel: 'throughput (req/s)',
      xType: 'number',
      series: [
        { name: 'throughput', points: steps.map((s) => ({ x: s.targetRate, y: s.throughput })) },
        {
          name: 'target (ideal)',
          dashed: true,
          points: steps.map((s) => ({ x: s.targetRate, y: s.targetRate })),
        },
      ],
      markers: maxRate > 0 ? [{ x: maxRate, label: `knee ${maxRate.toFixed(1)} req/s` }] : [],
      y2: {
        label: 'latency (ms)',
        series: [
          { name: 'p95 latency', points: steps.map((s) => ({ x: s.targetRate, y: s.latencyMs.p95 })) },
          { name: 'p99 latency', points: steps.map((s) => ({ x: s.targetRate, y: s.latencyMs.p99 })) },
          {
            name: `p95 SLO ${slo.p95Ms} ms`,
            dashed: true,
            points: steps.length
              ? [steps[0], steps[steps.length - 1]].map((s) => ({ x: s.targetRate, y: slo.p95Ms }))
              : [],
          },
        ],
      },
    }),
  };
}

function uslChart(review: ReviewDocument): ReviewChart {
  const { usl } = review.capacity;
  const measured = [...review.capacitySearch.steps]
    .filter((s) => s.concurrency > 0)
    .sort((a, b) => a.concurrency - b.concurrency)
    .map((s) => ({ x: s.concurrency, y: s.throughput }));
  const maxN = Math.max(1, ...measured.map((p) => p.x), usl?.peakConcurrency ?? 0) * 1.3;
  const fitted = usl
    ? Array.from({ length: 60 }, (_, i) => {
        const n = 1 + ((maxN - 1) * i) / 59;
        return { x: n, y: uslThroughput(n, usl) };
      })
    : [];
  return {
    id: 'usl-fit',
    title: 'Universal Scalability Law fit',
    svg: lineChart({
      title: 'Throughput vs concurrency (USL)',
      subtitle: usl
        ? `σ = ${usl.sigma.toFixed(4)}, κ = ${usl.kappa.toExponential(2)}, λ = ${usl.lambda.toFixed(2)}, R² = ${usl.r2.toFixed(3)}`
        : `no fit: ${review.capacity.uslNote ?? 'not enough distinct steps'}`,
      xLabel: 'concurrency (in-flight requests)',
      yLabel: 'throughput (req/s)',
      xType: 'number',
      series: [
        { name: 'measured', points: measured },
        ...(usl ? [{ name: 'USL fit', dashed: true, points: fitted }] : []),
      ],
      markers:
        usl && usl.peakConcurrency !== null && Number.isFinite(usl.peakConcurrency)
          ? [{ x: usl.peakConcurrency, label: `peak at N = ${usl.peakConcurrency.toFixed(1)}` }]
          : [],
    }),
  };
}

function forecastChart(review: ReviewDocument): ReviewChart {
  const { forecast } = review;
  const quantiles = Object.keys(forecast.points[0]?.quantiles ?? {}).sort((a, b) => Number(a) - Number(b));
  const low = quantiles[0];
  const high = quantiles[quantiles.length - 1];
  const median = quantiles.find((q) => Number(q) === 0.5) ?? low;
  const lastHistory = forecast.history.at(-1);
  return {
    id: 'forecast',
    title: 'Demand forecast',
    svg: lineChart({
      title: 'Demand: history and forecast',
      subtitle: `${forecast.model} on ${forecast.source === 'prometheus' ? 'Prometheus history' : 'the bundled sample trace'}; band p${
        Number(low) * 100
      }–p${Number(high) * 100}`,
      xLabel: 'time (UTC)',
      yLabel: 'documents/s',
      xType: 'time',
      series: [
        { name: 'history', points: forecast.history.map((p) => ({ x: p.timestamp, y: p.value })) },
        {
          name: `forecast p${Number(median) * 100}`,
          points: forecast.points.map((p) => ({ x: p.timestamp, y: p.quantiles[median] })),
        },
        ...(high !== median
          ? [
              {
                name: `forecast p${Number(high) * 100}`,
                dashed: true,
                points: forecast.points.map((p) => ({ x: p.timestamp, y: p.quantiles[high] })),
              },
            ]
          : []),
      ],
      bands:
        low !== high
          ? [
              {
                name: `p${Number(low) * 100}–p${Number(high) * 100}`,
                points: forecast.points.map((p) => ({
                  x: p.timestamp,
                  low: p.quantiles[low],
                  high: p.quantiles[high],
                })),
              },
            ]
          : [],
      markers: lastHistory ? [{ x: lastHistory.timestamp, label: 'forecast starts' }] : [],
    }),
  };
}

function replicasChart(review: ReviewDocument): ReviewChart {
  const { plan } = review;
  return {
    id: 'replicas',
    title: 'Replicas needed over the horizon',
    svg: lineChart({
      title: 'Replicas needed',
      subtitle: `p${Number(plan.quantile) * 100} demand, queue-wait SLO, ${Math.round(plan.headroom * 100)} % headroom; peak ${
        plan.peakReplicas
      }`,
      xLabel: 'time (UTC)',
      yLabel: 'worker pods',
      xType: 'time',
      series: [
        {
          name: 'replicas needed',
          step: true,
          points: plan.hours.map((h) => ({ x: h.timestamp, y: h.replicas })),
        },
        {
          name: `current replicas (${plan.currentReplicas})`,
          dashed: true,
          points: plan.hours.length
            ? [plan.hours[0], plan.hours[plan.hours.length - 1]].map((h) => ({
                x: h.timestamp,
                y: plan.currentReplicas,
              }))
            : [],
        },
      ],
      y2: {
        label: 'demand (documents/s)',
        series: [
          { name: 'demand', dashed: true, points: plan.hours.map((h) => ({ x: h.timestamp, y: h.demand })) },
        ],
      },
    }),
  };
}

/** Each SLO as measured / objective in percent: under 100 % is met. */
function sloChart(review: ReviewDocument): ReviewChart {
  const checks = review.sloRun.checks;
  return {
    id: 'slo-results',
    title: 'SLO results',
    svg: barChart({
      title: 'SLO results of the load run',
      subtitle: `${review.sloRun.suite} at ${review.sloRun.rate.toFixed(1)} req/s for ${review.sloRun.durationSeconds} s: ${
        review.sloRun.passed ? 'every SLO met' : 'an SLO failed'
      }`,
      xLabel: 'objective',
      yLabel: 'measured / objective (%)',
      categories: checks.map((c) => c.objective),
      series: [
        { name: 'measured / objective', values: checks.map((c) => ratioPercent(c.measured, c.threshold)) },
      ],
      markers: [{ y: 100, label: 'objective' }],
    }),
  };
}

function ratioPercent(measured: number | null, threshold: number): number | null {
  if (measured === null || !Number.isFinite(measured) || !(threshold > 0)) return null;
  return (measured / threshold) * 100;
}

export function reviewCharts(review: ReviewDocument): ReviewChart[] {
  return [
    throughputLatencyChart(review),
    uslChart(review),
    forecastChart(review),
    replicasChart(review),
    sloChart(review),
  ];
}
