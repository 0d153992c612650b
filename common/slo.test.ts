import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSlo, parseSlo } from './slo.ts';
import { InputError } from './errors.ts';

test('the repository SLO file is valid', () => {
  const slo = loadSlo();
  assert.ok(slo.ingestLatency.p95Ms > 0);
  assert.ok(slo.ingestLatency.p99Ms >= slo.ingestLatency.p95Ms);
  assert.ok(slo.availability.objective < 1);
});

test('bad SLO documents get one clear error', () => {
  const good = loadSlo();
  const cases: Array<[unknown, RegExp]> = [
    [null, /must be a JSON object/],
    [[], /must be a JSON object/],
    [{ ...good, ingestLatency: 'fast' }, /"ingestLatency" must be an object/],
    [{ ...good, errorRate: { max: 2 } }, /errorRate.max must be between 0 and 1/],
    [{ ...good, ingestLatency: { p95Ms: -1, p99Ms: 10 } }, /ingestLatency.p95Ms must be a positive number/],
    [{ ...good, ingestLatency: { p95Ms: 100, p99Ms: 50 } }, /p99Ms must be at least/],
  ];
  for (const [doc, message] of cases) {
    assert.throws(
      () => parseSlo(doc),
      (error: Error) => error instanceof InputError && message.test(error.message),
    );
  }
});

test('an unreadable or malformed SLO file is an input error', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'slo-'));
  const file = path.join(dir, 'slo.json');
  writeFileSync(file, '{not json');
  assert.throws(() => loadSlo(file), /not valid JSON/);
  assert.throws(() => loadSlo(path.join(dir, 'missing.json')), /cannot read/);
});
