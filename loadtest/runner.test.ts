/** The runner against the real processor: a failing SLO, and a short capacity search. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os, { availableParallelism } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { capacitySearchKind } from '../common/capacity-search.ts';
import type { CapacitySearchSummary } from '../common/capacity-search.ts';
import { startProcessor } from '../processor/testing/local-processor.ts';
import type { LocalProcessor } from '../processor/testing/local-processor.ts';
import pg from 'pg';
import { loadSlo } from '../common/slo.ts';
import { runK6 } from './runner/k6-process.ts';
import { suiteFile } from './suites.ts';
import { k6Thresholds } from './thresholds.ts';
import { headroom, writeSlo } from './testing.ts';

let processor: LocalProcessor;
/** The shared processor as a load-test target. */
const target = () => ['--target', processor.url, '--api-key', processor.apiKey];
let dir: string;

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'headroom-loadtest-'));
  processor = await startProcessor({ workers: 1, concurrency: 4 });
});

after(async () => {
  await processor?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('an SLO no service can meet: the run reports the failure and exits non-zero', async () => {
  const slo = writeSlo(path.join(dir, 'impossible-slo.json'), {
    ingestLatency: { p95Ms: 0.001, p99Ms: 0.002 },
  });
  const r = await headroom([
    'loadtest',
    'smoke',
    ...target(),
    '--slo',
    slo,
    '--duration',
    '4s',
    '--rate',
    '3',
  ]);
  assert.equal(r.code, 1, r.stderr);
  // The table: the generated objective, the measurement, and the verdict.
  assert.match(r.stdout, /ingest latency p95\s+< 0\.001 ms\s+[\d.]+ ms\s+FAIL/);
  assert.match(r.stdout, /ingest latency p99\s+< 0\.002 ms\s+[\d.]+ ms\s+FAIL/);
  assert.match(r.stdout, /error rate\s+< 1%\s+0%\s+pass/);
  assert.match(
    r.stdout,
    new RegExp(`k6 CPU\\s+\\d+\\.\\d\\d of this machine's ${availableParallelism()} cores`),
  );
  const last = r.stderr.trim().split('\n').at(-1)!;
  assert.match(
    last,
    /^headroom: SLO failed: ingest latency p95 [\d.]+ ms > 0\.001 ms; ingest latency p99 [\d.]+ ms > 0\.002 ms$/,
  );
  // k6 itself said a threshold was crossed (its exit code 99 is what the runner read).
  assert.match(r.stderr, /thresholds on metrics .* have been crossed/);
});

test('capacity search: finds a positive max passing rate, writes a valid summary and chart', async () => {
  const out = path.join(dir, 'capacity.json');
  const chart = path.join(dir, 'capacity.svg');
  const r = await headroom(
    [
      'loadtest',
      'capacity',
      ...target(),
      '--start',
      '2',
      '--step',
      '3',
      '--max',
      '5',
      '--step-duration',
      '5s',
      '--budget',
      '90s',
      '--worker-metrics',
      processor.workerMetricsUrls.join(','),
      '--worker-concurrency',
      '4',
      '--out',
      out,
      '--chart',
      chart,
      '--json',
    ],
    150_000,
  );
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as CapacitySearchSummary;
  assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), summary);
  assert.equal(summary.kind, capacitySearchKind);
  assert.equal(summary.target, processor.url);
  assert.deepEqual(summary.workers, { replicas: 1, concurrency: 4 });
  assert.equal(summary.machineCores, availableParallelism());
  assert.ok(Date.parse(summary.finishedAt) > Date.parse(summary.startedAt));
  assert.ok(summary.maxPassingRate > 0, `max passing rate ${summary.maxPassingRate}`);
  assert.ok(summary.steps.length >= 1);
  for (const step of summary.steps) {
    for (const v of [
      step.throughput,
      step.concurrency,
      step.errorRate,
      step.droppedIterations,
      step.durationSeconds,
    ])
      assert.ok(Number.isFinite(v) && v >= 0, JSON.stringify(step));
    for (const v of Object.values(step.latencyMs))
      assert.ok(Number.isFinite(v) && v > 0, JSON.stringify(step));
    assert.ok(step.latencyMs.p50 <= step.latencyMs.p95 && step.latencyMs.p95 <= step.latencyMs.p99);
    // Little's law, as documented in the contract.
    assert.ok(Math.abs(step.concurrency - (step.throughput * step.latencyMs.mean) / 1000) < 0.02);
    assert.equal(step.durationSeconds, 5);
    assert.equal(step.passed, step.failures.length === 0);
    assert.ok(
      step.processedRate !== undefined && step.processedRate > 0,
      'processed rate read from the workers',
    );
    assert.ok(step.throughput > 0);
    // k6's own CPU, read from /proc while it ran: what the load left a target on this machine.
    assert.ok(step.loadGeneratorCores !== undefined && step.loadGeneratorCores > 0, JSON.stringify(step));
  }
  const passing = summary.steps.find((s) => s.targetRate === summary.maxPassingRate);
  assert.ok(passing?.passed, 'the max passing rate is a step that passed');
  if (summary.firstFailingRate !== null) {
    assert.ok(summary.steps.some((s) => s.targetRate === summary.firstFailingRate && !s.passed));
  }
  const svg = readFileSync(chart, 'utf8');
  assert.match(svg, /^<svg[\s>]/);
  assert.match(svg, /throughput/);
  assert.match(svg, /<\/svg>\s*$/);
  // Progress went to stderr, one line per step.
  assert.equal((r.stderr.match(/^(step|bisect) \d+: /gm) ?? []).length, summary.steps.length);
  assert.match(r.stderr, /^step 1: .* ms, k6 \d+\.\d\d cores, errors /m);
});

/** What runSuite hands the smoke suite, for the tests that run k6 directly. */
function smokeEnv(seed: number): Record<string, string> {
  return {
    HEADROOM_SUITE: 'smoke',
    HEADROOM_TARGET: processor.url,
    HEADROOM_API_KEY: processor.apiKey,
    HEADROOM_RATE: '4',
    HEADROOM_DURATION_SECONDS: '3',
    HEADROOM_SEED: String(seed),
    HEADROOM_FOLLOW_EVERY: '1000',
    HEADROOM_FOLLOW_TIMEOUT_SECONDS: '10',
    HEADROOM_WARMUP_SECONDS: '0',
    HEADROOM_THRESHOLDS: JSON.stringify(k6Thresholds(loadSlo())),
  };
}

test('the suites compose documents from the paragraphs the runner hands them in a file', async () => {
  // Built inside k6 the pool cost every VU ~120 ms of CPU on its first document; a marker pool
  // shows the suite used the file and built nothing of its own.
  const seed = 424_242;
  const marker = 'Zebra marker paragraph from the runner file.';
  const run = await runK6({
    script: suiteFile('smoke'),
    env: smokeEnv(seed),
    files: { HEADROOM_PARAGRAPHS_FILE: JSON.stringify([marker]) },
    timeoutSeconds: 60,
    onLine: () => {},
  });
  assert.equal(run.exitCode, 0);
  const db = new pg.Client({ connectionString: processor.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ content: string }>(
      'SELECT content FROM documents WHERE content LIKE $1',
      [`%Reference ${seed}-%`],
    );
    assert.ok(rows.length > 0, 'the suite stored documents');
    for (const { content } of rows) {
      assert.ok(content.includes(marker), content.slice(0, 200));
    }
  } finally {
    await db.end();
  }
});

test("a suite run without one of the runner's settings stops at it, by name", async () => {
  // Each used to fall back to a default (seed 1, 5/s, ...), so a bare `k6 run` measured
  // something nobody asked for; the suites now stop before any request.
  const { HEADROOM_SEED: _seed, ...withoutSeed } = smokeEnv(1);
  await assert.rejects(
    runK6({
      script: suiteFile('smoke'),
      env: withoutSeed,
      files: { HEADROOM_PARAGRAPHS_FILE: JSON.stringify(['A paragraph.']) },
      timeoutSeconds: 60,
      onLine: () => {},
    }),
    /HEADROOM_SEED is not set: run suites through `headroom loadtest <suite>`/,
  );
});

test('a budget too short for one step: one error line, no report and no summary file', async () => {
  const out = path.join(dir, 'no-steps.json');
  const r = await headroom(['loadtest', 'capacity', ...target(), '--budget', '5s', '--out', out]);
  assert.equal(r.code, 1, r.stderr);
  // It used to print "max passing rate: 0/s (no SLO broke …)" and write the empty summary first.
  assert.equal(r.stdout, '');
  assert.match(
    r.stderr.trim().split('\n').at(-1)!,
    /^headroom: the budget did not allow a single step: raise --budget$/,
  );
  assert.equal(existsSync(out), false);
});

test('a target nothing processes: the suite and the capacity search say to start a worker', async () => {
  const idle = await startProcessor({ workers: 0 });
  try {
    // A 2 s end-to-end objective makes the follow timeout 4 s, so waiting it out is short.
    const slo = writeSlo(path.join(dir, 'short-e2e-slo.json'), { endToEndLatency: { p95Seconds: 2 } });
    const common = ['--target', idle.url, '--api-key', idle.apiKey, '--slo', slo];
    const smoke = await headroom(['loadtest', 'smoke', ...common, '--duration', '3s', '--rate', '3']);
    assert.equal(smoke.code, 1, smoke.stderr);
    assert.match(
      smoke.stdout,
      /none of the \d+ documents followed was processed: is a worker \(headroom work\) taking jobs from .+'s queue\?/,
    );
    // The warm-up used to wait the follow timeout out and end with "raise --budget".
    const search = await headroom(
      ['loadtest', 'capacity', ...common, '--start', '3', '--step-duration', '2s', '--budget', '60s'],
      90_000,
    );
    assert.equal(search.code, 1, search.stderr);
    assert.match(
      search.stderr.trim().split('\n').at(-1)!,
      /^headroom: none of the \d+ documents the warm-up followed at 3\/s was processed within 4s: is a worker \(headroom work\) taking jobs from .+'s queue\?$/,
    );
  } finally {
    await idle.stop();
  }
});
