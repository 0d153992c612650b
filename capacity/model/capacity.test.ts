import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../common/errors.ts';
import { perPodCapacity } from './capacity.ts';
import { parseCapacitySearch } from './summary.ts';
import { searchSummary } from './test-fixtures.ts';

test('per-pod capacity: max passing rate divided by the replicas, with a USL fit', () => {
  const summary = searchSummary({ rates: [20, 40, 80, 120, 160, 200, 240], failAt: 200, replicas: 2 });
  const cap = perPodCapacity(parseCapacitySearch(JSON.parse(JSON.stringify(summary))));
  assert.equal(cap.serviceRate, 160);
  assert.equal(cap.perPodServiceRate, 80);
  assert.equal(cap.replicas, 2);
  assert.equal(cap.workerConcurrency, 4);
  assert.equal(cap.bottleneck, 'ingest');
  assert.ok(cap.usl !== null && cap.usl.r2 > 0.9, `USL fit ${JSON.stringify(cap.usl)}`);
  assert.equal(cap.perPodPeakThroughput, (cap.usl?.peakThroughput as number) / 2);
  assert.ok(cap.notes.some((n) => /no processed rate/.test(n)));
});

test('workers behind ingest: sized on the processed rate', () => {
  const summary = searchSummary({
    rates: [20, 40, 80, 120, 160, 200],
    failAt: 200,
    replicas: 4,
    processedCap: 100,
  });
  const cap = perPodCapacity(summary);
  assert.equal(cap.bottleneck, 'workers');
  assert.equal(cap.serviceRate, 100);
  assert.equal(cap.perPodServiceRate, 25);
});

test('k6 taking a fifth of its machine or more at the max passing rate is noted', () => {
  const at = (cores: number, machineCores?: number) => {
    const summary = searchSummary({ rates: [20, 40, 80, 120], failAt: 120 });
    summary.machineCores = machineCores;
    for (const step of summary.steps) step.loadGeneratorCores = step.targetRate === 80 ? cores : 0.01;
    return perPodCapacity(parseCapacitySearch(JSON.parse(JSON.stringify(summary)))).notes.filter((n) =>
      n.startsWith('k6 itself'),
    );
  };
  assert.deepEqual(at(0.7, 2), [
    "k6 itself used 0.7 of its machine's 2 cores at 80/s: a target on the same machine had only the rest, so on a node of its own a pod takes more",
  ]);
  assert.deepEqual(at(0.3, 2), []);
  // An older summary, without the machine's cores, cannot say what share k6 took.
  assert.deepEqual(at(0.7), []);
});

test('no passing step, too few steps for the USL, no workers block', () => {
  assert.throws(
    () => perPodCapacity(searchSummary({ rates: [50, 100], failAt: 10 })),
    (e: Error) =>
      e instanceof InputError &&
      /no load-test step met the SLOs.*lowest rate tried \(50\/s\)/.test(e.message),
  );
  const cap = perPodCapacity(searchSummary({ rates: [10, 20], failAt: 100 }));
  assert.equal(cap.usl, null);
  assert.equal(cap.replicas, 1);
  assert.ok(cap.notes.some((n) => /no USL fit: needs at least 3/.test(n)));
  assert.ok(cap.notes.some((n) => /never reached a failing rate/.test(n)));
});

test('summary validation names the field', () => {
  const good = searchSummary({ rates: [10, 20, 30], failAt: 25 });
  assert.throws(
    () => parseCapacitySearch({ ...good, kind: 'other' }, 'x.json'),
    /x.json: kind is "other", expected/,
  );
  assert.throws(() => parseCapacitySearch({ ...good, steps: [] }), /steps must be a non-empty array/);
  const bad = JSON.parse(JSON.stringify(good));
  bad.steps[1].throughput = 'fast';
  assert.throws(() => parseCapacitySearch(bad), /steps\[1\]\.throughput must be a number/);
  bad.steps[1].throughput = 1e308;
  assert.throws(
    () => parseCapacitySearch(bad),
    /steps\[1\]\.throughput must be a number from 0 to 1000000000000, got 1e\+308/,
  );
  assert.throws(() => parseCapacitySearch([]), /must be a JSON object/);
  assert.throws(
    () => parseCapacitySearch({ ...good, machineCores: 0 }),
    /machineCores must be a number from 1 to/,
  );
  const hostile = JSON.parse(JSON.stringify(good));
  hostile.steps[0].loadGeneratorCores = '0.5';
  assert.throws(() => parseCapacitySearch(hostile), /steps\[0\]\.loadGeneratorCores must be a number/);
});
