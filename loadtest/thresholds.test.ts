import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadSlo } from '../common/slo.ts';
import { k6Thresholds, metricKeys, sloObjectives } from './thresholds.ts';

test('thresholds are generated from slo.json, one expression per objective', () => {
  const slo = loadSlo();
  assert.deepEqual(k6Thresholds(slo), {
    [metricKeys.ingestLatency]: [`p(95)<${slo.ingestLatency.p95Ms}`, `p(99)<${slo.ingestLatency.p99Ms}`],
    [metricKeys.endToEnd]: [`p(95)<${slo.endToEndLatency.p95Seconds}`],
    [metricKeys.errorRate]: [`rate<${slo.errorRate.max}`],
    [metricKeys.droppedIterations]: ['count>=0'],
  });
  // Only requests for documents that should be accepted count towards the SLOs.
  assert.equal(metricKeys.ingestLatency, 'http_req_duration{doc:valid}');
  assert.equal(metricKeys.errorRate, 'http_req_failed{doc:valid}');
});

test('thresholds follow a different SLO file', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'headroom-slo-'));
  try {
    const file = path.join(dir, 'slo.json');
    writeFileSync(
      file,
      JSON.stringify({
        ingestLatency: { p95Ms: 12.5, p99Ms: 40 },
        endToEndLatency: { p95Seconds: 3 },
        errorRate: { max: 0.002 },
        availability: { objective: 0.999, windowDays: 7 },
        queueWait: { percentile: 0.9, seconds: 2 },
      }),
    );
    const slo = loadSlo(file);
    const thresholds = k6Thresholds(slo);
    assert.deepEqual(thresholds[metricKeys.ingestLatency], ['p(95)<12.5', 'p(99)<40']);
    assert.deepEqual(thresholds[metricKeys.endToEnd], ['p(95)<3']);
    assert.deepEqual(thresholds[metricKeys.errorRate], ['rate<0.002']);
    assert.deepEqual(
      sloObjectives(slo).map((o) => [o.id, o.objective]),
      [
        ['ingest-p95', 12.5],
        ['ingest-p99', 40],
        ['e2e-p95', 3],
        ['error-rate', 0.002],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no suite or suite library writes a threshold by hand', () => {
  const root = path.dirname(new URL(import.meta.url).pathname);
  for (const dir of ['suites', 'lib']) {
    for (const name of readdirSync(path.join(root, dir))) {
      const text = readFileSync(path.join(root, dir, name), 'utf8');
      assert.doesNotMatch(
        text,
        /p\(\d+\)\s*[<>]|rate\s*[<>]\s*\d/,
        `${dir}/${name} has a hand-written threshold`,
      );
    }
  }
});
