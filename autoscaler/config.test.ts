import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { InputError } from '../common/errors.ts';
import { loadSlo } from '../common/slo.ts';
import { loadConfig, parseConfig, parseDuration } from './config.ts';

const slo = loadSlo();
const target = { namespace: 'prod', hpa: 'workers', capacity: { perPodRate: 12 } };
const parse = (raw: unknown) => parseConfig(raw, '/tmp', slo);

test('config: defaults come from slo.json and the local stack', () => {
  const config = parse({ targets: [target] });
  const t = config.targets[0];
  assert.equal(t.name, 'prod/workers');
  assert.equal(t.slo.seconds, slo.queueWait.seconds);
  assert.equal(t.slo.percentile, slo.queueWait.percentile);
  assert.equal(t.prometheus.url, 'http://127.0.0.1:19090');
  assert.match(t.prometheus.arrivalRate, /headroom_documents_received_total/);
  assert.equal(t.podStartupSeconds, 60);
  assert.equal(config.leaderElection.namespace, 'prod');
  assert.equal(config.metricsPort, 18082);
  assert.equal(config.metricsHost, '127.0.0.1');
});

test('config: durations accept seconds and unit strings', () => {
  assert.equal(parseDuration('90s', 'x'), 90);
  assert.equal(parseDuration('1h30m', 'x'), 5400);
  assert.equal(parseDuration(15, 'x'), 15);
  assert.throws(() => parseDuration('soon', 'x.y'), /x\.y: expected a duration/);
  const t = parse({ targets: [{ ...target, podStartup: '2m', prometheus: { history: '7d', step: '1m' } }] })
    .targets[0];
  assert.equal(t.podStartupSeconds, 120);
  assert.equal(t.prometheus.historySeconds, 7 * 86400);
});

test('config: each problem names the field', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{}, /^targets: must be a non-empty list/],
    [{ targets: [target], metricsHost: 'everywhere' }, /^metricsHost: must be an IP address/],
    [
      { targets: [{ ...target, namespace: 'Not_Valid' }] },
      /targets\[0\]\.namespace: "Not_Valid" is not a valid Kubernetes name/,
    ],
    [
      { targets: [{ ...target, hpa: undefined }] },
      /targets\[0\]\.hpa: must be a non-empty string \(missing\)/,
    ],
    [
      { targets: [{ ...target, capacity: {} }] },
      /targets\[0\]\.capacity: give exactly one of perPodRate or loadtestSummary/,
    ],
    [
      { targets: [{ ...target, capacity: { perPodRate: -1 } }] },
      /targets\[0\]\.capacity\.perPodRate: must be between/,
    ],
    [
      { targets: [{ ...target, prometheus: { url: 'ftp://x' } }] },
      /targets\[0\]\.prometheus\.url: must be an http/,
    ],
    [
      { targets: [{ ...target, safety: { maxStepUp: 1.5 } }] },
      /targets\[0\]\.safety\.maxStepUp: must be a whole number/,
    ],
    [
      { targets: [{ ...target, model: 'crystal-ball' }] },
      /targets\[0\]\.model: unknown model "crystal-ball"/,
    ],
    [{ targets: [{ ...target, replicas: 3 }] }, /targets\[0\]\.replicas: unknown field/],
    [{ targets: [target, target] }, /targets: prod\/workers is listed twice/],
    [
      { targets: [{ ...target, prometheus: { history: '10m', step: '5m' } }] },
      /history: must cover at least 3 steps/,
    ],
    [
      { targets: [{ ...target, prometheus: { history: '400d', step: '5m' } }] },
      /history: 115201 steps of 300s, at most 100000 are read: use a longer step or a shorter history/,
    ],
  ];
  for (const [raw, message] of cases) {
    assert.throws(
      () => parse(raw),
      (error: Error) => error instanceof InputError && message.test(error.message),
      String(message),
    );
  }
});

test('config: capacity from a load-test summary, relative to the config file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-as-config-'));
  const summary = {
    kind: 'headroom.capacity-search/v1',
    target: 'http://127.0.0.1:18080',
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T00:10:00Z',
    workers: { replicas: 2, concurrency: 4 },
    maxPassingRate: 40,
    firstFailingRate: 50,
    steps: [10, 20, 30, 40, 50].map((rate) => ({
      targetRate: rate,
      throughput: rate,
      processedRate: rate,
      concurrency: rate * 0.05,
      latencyMs: { p50: 20, p95: 40, p99: 60, mean: 25 },
      errorRate: 0,
      droppedIterations: 0,
      durationSeconds: 60,
      passed: rate <= 40,
      failures: rate <= 40 ? [] : ['ingest p95 300 ms > 250 ms'],
    })),
  };
  writeFileSync(path.join(dir, 'summary.json'), JSON.stringify(summary));
  writeFileSync(
    path.join(dir, 'autoscaler.yaml'),
    'targets:\n  - namespace: prod\n    hpa: workers\n    capacity:\n      loadtestSummary: summary.json\n',
  );
  const t = loadConfig(path.join(dir, 'autoscaler.yaml'), slo).targets[0];
  assert.equal(t.capacity.perPodRate, 20);
  assert.equal(t.capacity.source, path.join(dir, 'summary.json'));
  writeFileSync(path.join(dir, 'summary.json'), '{"kind":"other"}');
  assert.throws(
    () => loadConfig(path.join(dir, 'autoscaler.yaml'), slo),
    /loadtestSummary: .* is not a load-test capacity-search summary/,
  );
  writeFileSync(path.join(dir, 'broken.yaml'), 'targets: [');
  assert.throws(() => loadConfig(path.join(dir, 'broken.yaml'), slo), /is not valid YAML/);
  assert.throws(
    () => loadConfig(path.join(dir, 'missing.yaml'), slo),
    /cannot read .*missing\.yaml \(no such file\)/,
  );
});

test('config: the example file is valid', () => {
  const config = loadConfig(path.join(import.meta.dirname, 'autoscaler.example.yaml'), slo);
  assert.equal(config.targets[0].hpa, 'processor-worker');
  assert.equal(config.targets[0].safety.scaleDownStabilisationSeconds, 300);
});
