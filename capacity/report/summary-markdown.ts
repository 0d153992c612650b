import { capacityText, fmt, formatWithUnit, isoMinute, percent } from './format.ts';
import type { ReviewDocument } from './review.ts';

/** The review as Markdown: the same facts as the HTML, for a ticket or a pull request. */
export function renderSummaryMarkdown(review: ReviewDocument): string {
  const { capacity, capacitySearch, forecast, plan, sloRun } = review;
  const lines = [
    `# Capacity review — ${review.finishedAt.slice(0, 10)}`,
    '',
    `Target: ${review.target.url} (${review.target.workers} worker pod(s)${
      review.target.startedByReview ? ', started by the review' : ''
    }).`,
    '',
    '| | |',
    '| --- | --- |',
    `| Capacity per pod | ${capacityText(review)} |`,
    `| Highest rate meeting every SLO | ${fmt(capacitySearch.maxPassingRate)} req/s |`,
    `| SLO load run (${fmt(sloRun.rate)} req/s, ${fmt(sloRun.durationSeconds, 0)} s) | ${sloRun.passed ? 'pass' : 'FAIL'} |`,
    `| Forecast peak (p${Number(forecast.quantile) * 100}) | ${fmt(forecast.peak.value, 2)} documents/s at ${isoMinute(forecast.peak.timestamp)} |`,
    `| Replicas needed at peak | ${plan.peakReplicas} (now ${plan.currentReplicas}) |`,
    `| Headroom at peak | ${percent(plan.headroomPercent)} |`,
    `| Capacity runs out | ${plan.runOutDate ?? 'not within the horizon'} |`,
    '',
    '## SLOs',
    '',
    '| objective | threshold | measured | result |',
    '| --- | --- | --- | --- |',
    ...sloRun.checks.map(
      (c) =>
        `| ${c.objective} | ${formatWithUnit(c.threshold, c.unit)} | ${formatWithUnit(c.measured, c.unit)} | ${
          c.passed ? 'pass' : 'FAIL'
        } |`,
    ),
    '',
    '## Capacity search',
    '',
    '| target rate | throughput | p95 ms | p99 ms | errors | result |',
    '| --- | --- | --- | --- | --- | --- |',
    ...capacitySearch.steps.map(
      (s) =>
        `| ${fmt(s.targetRate)} | ${fmt(s.throughput)} | ${fmt(s.latencyMs.p95)} | ${fmt(s.latencyMs.p99)} | ${percent(
          s.errorRate * 100,
          2,
        )} | ${s.passed ? 'pass' : s.failures.join('; ')} |`,
    ),
    '',
    '## Model',
    '',
    capacity.usl
      ? `USL fit: σ = ${fmt(capacity.usl.sigma, 4)}, κ = ${fmt(capacity.usl.kappa, 5)}, λ = ${fmt(
          capacity.usl.lambda,
          2,
        )}, R² = ${fmt(capacity.usl.r2, 3)}; peak ${capacity.usl.peakThroughput === null ? 'not reached (still scaling linearly)' : `${fmt(capacity.usl.peakThroughput)} req/s`}.`
      : `No USL fit: ${capacity.uslNote ?? 'not enough distinct steps'}.`,
    '',
    `Demand forecast: ${forecast.model} on ${forecast.sourceDetail}.`,
    `Plan: p${Number(plan.quantile) * 100} demand, pod start-up ${fmt(plan.podStartupSeconds, 0)} s, headroom ${percent(
      plan.headroom * 100,
    )}, ${fmt(plan.podHours)} pod-hours over the horizon. ${plan.runOutNote}`,
    '',
    ...(review.notes.length ? ['## Notes', '', ...review.notes.map((n) => `- ${n}`), ''] : []),
  ];
  return lines.join('\n');
}
