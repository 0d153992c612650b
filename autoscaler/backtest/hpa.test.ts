import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultHpaBehavior, ReactiveHpa } from './hpa.ts';

const spec = { minReplicas: 1, maxReplicas: 100, ...defaultHpaBehavior };
const util = (value: number) => [{ name: 'utilisation', value, target: 0.5 }];

test('hpa: desired = ceil(current × value / target)', () => {
  const hpa = new ReactiveHpa(spec);
  assert.equal(hpa.sync(0, 4, 4, util(0.75)), 6);
});

test('hpa: no change within the 10 % tolerance', () => {
  const hpa = new ReactiveHpa(spec);
  assert.equal(hpa.sync(0, 10, 10, util(0.54)), 10);
  assert.equal(hpa.sync(15, 10, 10, util(0.46)), 10);
});

test('hpa: scale-up limited to max(100 %, 4 pods) per 15 s', () => {
  const hpa = new ReactiveHpa(spec);
  assert.equal(hpa.sync(0, 2, 2, util(5)), 6); // +4 pods beats +100 %
  const big = new ReactiveHpa(spec);
  assert.equal(big.sync(0, 10, 10, util(5)), 20); // +100 % beats +4
});

test('hpa: scale-down waits for the 300 s stabilisation window', () => {
  const hpa = new ReactiveHpa(spec);
  assert.equal(hpa.sync(0, 10, 10, util(0.5)), 10);
  assert.equal(hpa.sync(15, 10, 10, util(0.1)), 10); // the recommendation of 10 at t=0 still counts
  assert.equal(hpa.sync(290, 10, 10, util(0.1)), 10);
  assert.equal(hpa.sync(301, 10, 10, util(0.1)), 2);
});

test('hpa: pods still starting count as idle when scaling up', () => {
  const hpa = new ReactiveHpa(spec);
  // 4 ready at 150 % of target but 4 more starting: 0.75×4 / (0.5×8) = 0.75 → no scale-up.
  assert.equal(hpa.sync(0, 8, 4, util(0.75)), 8);
});

test('hpa: a raised minReplicas applies at once, beyond the behaviour limits', () => {
  const hpa = new ReactiveHpa(spec);
  hpa.setMinReplicas(30);
  assert.equal(hpa.sync(0, 2, 2, util(0.5)), 30);
});
