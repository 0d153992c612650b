import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectPeriods, lagProducts } from './periodicity.ts';

test('lag products through the spectrum equal the direct sums, at every length and lag', () => {
  let seed = 11;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  for (const n of [1, 2, 3, 5, 8, 13, 100, 257, 1000]) {
    const x = Array.from({ length: n }, random);
    const maxLag = Math.max(0, n - 1);
    const sums = lagProducts(x, maxLag);
    for (let lag = 0; lag <= maxLag; lag++) {
      let direct = 0;
      for (let i = lag; i < n; i++) direct += x[i] * x[i - lag];
      assert.ok(Math.abs(sums[lag] - direct) < 1e-9 * n, `n=${n} lag=${lag}: ${sums[lag]} vs ${direct}`);
    }
  }
});

test('a long one-minute history: the daily period, and ties go to the shorter lag', () => {
  const day = 1440;
  const values = Array.from({ length: 60 * day }, (_, i) => 100 + 50 * Math.sin((2 * Math.PI * i) / day));
  const periods = detectPeriods({ start: 0, stepMs: 60_000, values });
  assert.deepEqual(
    periods.map((p) => p.steps),
    [day],
  );
  // A square wave repeats exactly at 4, 8, 12...: the harmonics tie with 4 and are dropped.
  const square = Array.from({ length: 400 }, (_, i) => (i % 4 < 2 ? 1 : -1));
  assert.deepEqual(
    detectPeriods({ start: 0, stepMs: 60_000, values: square }).map((p) => p.steps),
    [4],
  );
});
