import { escapeXml as escape } from '../charts/index.ts';
import { reviewCharts } from './charts.ts';
import { capacityText, fmt, formatWithUnit, isoMinute, percent } from './format.ts';
import type { ReviewDocument } from './review.ts';

/**
 * The review as one self-contained HTML page: inline SVG charts and inline CSS, no script and
 * nothing fetched, so it opens from disk, from a CI artifact or attached to a ticket.
 */
export function renderReviewHtml(review: ReviewDocument): string {
  const { capacitySearch, forecast, plan, sloRun } = review;
  const charts = reviewCharts(review);
  const notes = [...new Set([...review.notes, ...forecast.notes])];
  const headline: Array<[string, string, boolean?]> = [
    ['Capacity per pod', capacityText(review)],
    ['SLO load run', sloRun.passed ? 'pass' : 'FAIL', !sloRun.passed],
    [`Forecast peak (p${Number(forecast.quantile) * 100})`, `${fmt(forecast.peak.value, 2)} documents/s`],
    [
      'Replicas needed at peak',
      `${plan.peakReplicas} (now ${plan.currentReplicas})`,
      plan.peakReplicas > plan.currentReplicas,
    ],
    ['Headroom at peak', percent(plan.headroomPercent), plan.headroomPercent < 0],
    ['Capacity runs out', plan.runOutDate ?? 'not within the horizon', plan.runOutDate !== null],
  ];
  const chart = (id: string) => {
    const c = charts.find((x) => x.id === id);
    return c
      ? `<figure class="chart" id="chart-${c.id}" aria-label="${escape(c.title)}">${c.svg}</figure>`
      : '';
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Capacity review ${escape(review.finishedAt.slice(0, 16).replace('T', ' '))} UTC</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 960px; color: #1f2328; padding: 0 1rem; }
  h1 { margin-bottom: 0.2rem; } .meta { color: #59636e; margin-top: 0; }
  .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 0.6rem; margin: 1.2rem 0; }
  .card { border: 1px solid #d1d9e0; border-radius: 6px; padding: 0.6rem 0.8rem; }
  .card .label { font-size: 0.8rem; color: #59636e; } .card .value { font-size: 1.15rem; font-weight: 600; }
  .card.alert { border-color: #cf222e; } .card.alert .value { color: #cf222e; }
  figure.chart { margin: 1rem 0; } figure.chart svg { max-width: 100%; height: auto; border: 1px solid #eef1f4; }
  table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.9rem; }
  th, td { border-bottom: 1px solid #d1d9e0; padding: 0.3rem 0.7rem; text-align: right; } th:first-child, td:first-child { text-align: left; }
  .fail { color: #cf222e; font-weight: 600; } .pass { color: #1a7f37; }
  ul.notes { color: #59636e; }
</style>
</head>
<body>
<h1>Capacity review</h1>
<p class="meta">${escape(review.target.url)} · ${review.target.workers} worker pod(s) · ${escape(isoMinute(Date.parse(review.startedAt)))} to ${escape(
    isoMinute(Date.parse(review.finishedAt)),
  )}</p>
<div class="cards">
${headline
  .map(
    ([label, value, alert]) =>
      `<div class="card${alert ? ' alert' : ''}"><div class="label">${escape(label)}</div><div class="value">${escape(value)}</div></div>`,
  )
  .join('\n')}
</div>

<h2>How much can we take?</h2>
<p>The capacity search stepped the arrival rate until an SLO broke. The highest rate that met every SLO was
<strong>${fmt(capacitySearch.maxPassingRate)} req/s</strong>${
    capacitySearch.firstFailingRate !== null
      ? `; ${fmt(capacitySearch.firstFailingRate)} req/s broke one`
      : ''
  }.</p>
${chart('throughput-latency')}
<table>
<thead><tr><th>target rate</th><th>throughput</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>errors</th><th>dropped</th><th>result</th></tr></thead>
<tbody>
${capacitySearch.steps
  .map(
    (s) =>
      `<tr><td>${fmt(s.targetRate)}</td><td>${fmt(s.throughput)}</td><td>${fmt(s.latencyMs.p50)}</td><td>${fmt(s.latencyMs.p95)}</td><td>${fmt(
        s.latencyMs.p99,
      )}</td><td>${percent(s.errorRate * 100, 2)}</td><td>${s.droppedIterations}</td><td class="${s.passed ? 'pass' : 'fail'}">${
        s.passed ? 'pass' : escape(s.failures.join('; '))
      }</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>
${chart('usl-fit')}

<h2>Do we meet our SLOs?</h2>
${chart('slo-results')}
<table>
<thead><tr><th>objective</th><th>threshold</th><th>measured</th><th>result</th></tr></thead>
<tbody>
${sloRun.checks
  .map(
    (c) =>
      `<tr><td>${escape(c.objective)}</td><td>${escape(formatWithUnit(c.threshold, c.unit))}</td><td>${escape(
        formatWithUnit(c.measured, c.unit),
      )}</td><td class="${c.passed ? 'pass' : 'fail'}">${c.passed ? 'pass' : 'FAIL'}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>

<h2>How much will come?</h2>
<p>${escape(forecast.sourceDetail)} Model: <strong>${escape(forecast.model)}</strong>.</p>
${chart('forecast')}

<h2>How many pods does that take?</h2>
<p>${escape(sentence(plan.runOutNote))} Over the horizon the plan costs ${fmt(plan.podHours)} pod-hours.</p>
${chart('replicas')}
${
  notes.length
    ? `<h2>Notes</h2>\n<ul class="notes">${notes.map((n) => `<li>${escape(n)}</li>`).join('')}</ul>`
    : ''
}
</body>
</html>
`;
}

function sentence(text: string): string {
  const t = text.trim();
  return t && !/[.!?]$/.test(t) ? `${t[0].toUpperCase()}${t.slice(1)}.` : t;
}
