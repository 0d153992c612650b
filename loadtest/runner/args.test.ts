import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../common/errors.ts';
import { parseCount, parseDuration, parseRate, parseStep, parseSuite, parseTarget } from './args.ts';
import { sumSamples } from './prom-text.ts';

test('durations: k6 style in, seconds out, bounded', () => {
  assert.equal(parseDuration('30s'), 30);
  assert.equal(parseDuration('2m'), 120);
  assert.equal(parseDuration('1m30s'), 90);
  assert.equal(parseDuration('1h'), 3600);
  for (const bad of ['', '10', 'ten seconds', '5x', '-5s', '500ms', '7h']) {
    assert.throws(() => parseDuration(bad), InputError, bad);
  }
});

test('rates: positive, finite, bounded', () => {
  assert.equal(parseRate('12.5'), 12.5);
  for (const bad of ['0', '-1', 'abc', '', 'Infinity', '100000']) {
    assert.throws(() => parseRate(bad), InputError, bad);
  }
});

test('steps: a rate or "double"', () => {
  assert.equal(parseStep('double'), 'double');
  assert.equal(parseStep(' Double '), 'double');
  assert.equal(parseStep('25'), 25);
  for (const bad of ['', 'triple', '0', '-5', 'x2', '100000']) {
    assert.throws(() => parseStep(bad), /--step must be "double" or a positive number/, bad);
  }
  assert.throws(() => parseStep('100000'), /at most 5000\/s, got "100000"/);
});

test('targets: loopback http(s) only', () => {
  assert.equal(parseTarget('http://127.0.0.1:18080/'), 'http://127.0.0.1:18080');
  assert.equal(parseTarget('http://localhost:8080'), 'http://localhost:8080');
  assert.equal(parseTarget('http://[::1]:8080'), 'http://[::1]:8080');
  for (const bad of ['not a url', 'ftp://127.0.0.1/', 'http://10.0.0.5:18080', 'https://example.com']) {
    assert.throws(() => parseTarget(bad), InputError, bad);
  }
});

test('counts: positive integers', () => {
  assert.equal(parseCount('4', '--workers'), 4);
  for (const bad of ['0', '1.5', '-2', 'two', '']) {
    assert.throws(() => parseCount(bad, '--workers'), /--workers must be a positive integer/, bad);
  }
});

test('suites: the known ones only', () => {
  assert.equal(parseSuite('smoke'), 'smoke');
  assert.throws(() => parseSuite('smoky'), /unknown suite "smoky"/);
});

test('Prometheus text: sums the samples that match the labels', () => {
  const text = [
    '# HELP headroom_jobs_total jobs',
    '# TYPE headroom_jobs_total counter',
    'headroom_jobs_total{queue="documents",outcome="completed"} 40',
    'headroom_jobs_total{queue="documents",outcome="failed"} 2',
    'headroom_jobs_total{queue="other",outcome="completed"} 5',
    'headroom_jobs_total_created{queue="documents",outcome="completed"} 1700000000',
  ].join('\n');
  assert.equal(sumSamples(text, 'headroom_jobs_total', { queue: 'documents', outcome: 'completed' }), 40);
  assert.equal(sumSamples(text, 'headroom_jobs_total', { outcome: 'completed' }), 45);
  assert.equal(sumSamples(text, 'headroom_jobs_total'), 47);
  assert.equal(sumSamples(text, 'headroom_queue_jobs'), null);
});
