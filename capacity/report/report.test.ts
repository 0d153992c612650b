import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkWellFormedXml } from '../charts/index.ts';
import { renderReviewHtml, renderSummaryMarkdown, reviewCharts, writeReport } from './index.ts';
import { sampleReview } from './testing/sample-review.ts';

test('the review has its five charts, each well-formed SVG with data drawn', () => {
  const charts = reviewCharts(sampleReview());
  assert.deepEqual(
    charts.map((c) => c.id),
    ['throughput-latency', 'usl-fit', 'forecast', 'replicas', 'slo-results'],
  );
  for (const chart of charts) {
    assert.equal(checkWellFormedXml(chart.svg).root, 'svg', chart.id);
    assert.match(chart.svg, /<(path|rect|polyline)\b/, `${chart.id} draws something`);
  }
});

test('the HTML embeds every chart and escapes hostile strings', () => {
  const hostile = '<script>alert(1)</script>&"';
  const review = sampleReview({
    target: { url: hostile, startedByReview: false, workers: 2, workerConcurrency: null },
    notes: [hostile],
  });
  const html = renderReviewHtml(review);
  assert.equal(html.match(/<figure class="chart"/g)?.length, 5);
  assert.ok(!html.includes('<script>'), 'no script element');
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;&amp;/);
});

test('summary.md and review.json carry the same headline numbers', async () => {
  const review = sampleReview();
  const dir = mkdtempSync(path.join(tmpdir(), 'report-'));
  const files = await writeReport(dir, review);
  assert.deepEqual(files.map((f) => path.basename(f)).sort(), ['index.html', 'review.json', 'summary.md']);
  const json = JSON.parse(readFileSync(path.join(dir, 'review.json'), 'utf8'));
  assert.deepEqual(json, review);
  const md = renderSummaryMarkdown(review);
  assert.match(md, /\| Capacity per pod \| 60 documents\/s \|/);
  assert.match(md, /\| Replicas needed at peak \| 1 \(now 1\) \|/);
  assert.match(md, /\| ingest latency p95 \| 250 ms \| 48 ms \| pass \|/);
});

test('a review without a USL fit says why instead of drawing a curve', () => {
  const review = sampleReview();
  review.capacity = { perPodRate: 10, usl: null, uslNote: 'only 2 distinct steps' };
  const usl = reviewCharts(review).find((c) => c.id === 'usl-fit');
  assert.ok(usl);
  assert.match(usl.svg, /no fit: only 2 distinct steps/);
  assert.match(renderSummaryMarkdown(review), /No USL fit: only 2 distinct steps/);
});

test('a search that never broke an SLO reports its capacity as a lower bound', () => {
  const review = sampleReview();
  review.capacitySearch = { ...review.capacitySearch, firstFailingRate: null };
  assert.match(
    renderSummaryMarkdown(review),
    /\| Capacity per pod \| at least 60 documents\/s \(no rate tried broke an SLO\) \|/,
  );
  assert.match(renderReviewHtml(review), /at least 60 documents\/s \(no rate tried broke an SLO\)/);
  assert.doesNotMatch(renderSummaryMarkdown(sampleReview()), /at least/);
});
