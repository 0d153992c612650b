import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percentile } from './percentile.ts';

test('percentile: the nearest rank, a value from the list; 0 for none', () => {
  const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(sorted, 0.5), 51);
  assert.equal(percentile(sorted, 0.99), 100);
  assert.equal(percentile(sorted, 1), 100);
  assert.equal(percentile([1, 10], 0.5), 10);
  assert.equal(percentile([], 0.99), 0);
});
