import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recentSmape, SafetyPolicy, type SafetyLimits } from './safety.ts';

const limits: SafetyLimits = {
  maxStepUp: 5,
  maxStepDown: 2,
  scaleDownStabilisationSeconds: 300,
  maxRecentError: 0.4,
};
const base = { current: 4, baseMin: 2, maxReplicas: 20 };

test('safety: a plan within limits passes as planned', () => {
  const d = new SafetyPolicy(limits).decide({ now: 0, planned: 7, ...base });
  assert.deepEqual(d, { replicas: 7, rule: 'as-planned', act: true });
});

test('safety: never below the HPA base floor nor above maxReplicas', () => {
  const low = new SafetyPolicy({ ...limits, maxStepDown: 100 }).decide({ now: 0, planned: 0, ...base });
  assert.equal(low.replicas, 2);
  assert.equal(low.rule, 'base-floor');
  const high = new SafetyPolicy({ ...limits, maxStepUp: 100 }).decide({ now: 0, planned: 50, ...base });
  assert.equal(high.replicas, 20);
  assert.equal(high.rule, 'max-replicas');
});

test('safety: steps up and down are bounded', () => {
  const up = new SafetyPolicy(limits).decide({ now: 0, planned: 15, ...base });
  assert.deepEqual([up.replicas, up.rule], [9, 'step-up-limit']);
  const down = new SafetyPolicy(limits).decide({ now: 0, planned: 2, ...base, current: 10 });
  assert.deepEqual([down.replicas, down.rule], [8, 'step-down-limit']);
});

test('safety: scale-down waits for the stabilisation window', () => {
  const policy = new SafetyPolicy({ ...limits, maxStepDown: 100 });
  assert.equal(policy.decide({ now: 0, planned: 10, ...base, current: 10 }).replicas, 10);
  const early = policy.decide({ now: 120_000, planned: 3, ...base, current: 10 });
  assert.deepEqual([early.replicas, early.rule, early.act], [10, 'stabilisation', false]);
  // 301 s after the high plan it has left the window: the floor may come down.
  const later = policy.decide({ now: 301_000, planned: 3, ...base, current: 10 });
  assert.deepEqual([later.replicas, later.rule, later.act], [3, 'as-planned', true]);
});

test('safety: a poorly performing model does not act', () => {
  const d = new SafetyPolicy(limits).decide({ now: 0, planned: 12, ...base, recentError: 0.9 });
  assert.deepEqual(d, { replicas: 4, rule: 'low-confidence', act: false });
  const nan = new SafetyPolicy(limits).decide({ now: 0, planned: 12, ...base, recentError: Number.NaN });
  assert.equal(nan.act, false);
  const good = new SafetyPolicy(limits).decide({ now: 0, planned: 6, ...base, recentError: 0.1 });
  assert.equal(good.act, true);
});

test('safety: a floor raised earlier still comes down while the model is not trusted', () => {
  // A burst raised the floor to 10; the model's errors during the burst make it untrusted.
  // Holding 10 until its accuracy recovers would pay for a forecast nobody believes.
  const policy = new SafetyPolicy({ ...limits, maxStepDown: 100 });
  policy.decide({ now: 0, planned: 10, ...base, current: 4 });
  const held = policy.decide({ now: 120_000, planned: 3, ...base, current: 10, recentError: 0.9 });
  assert.deepEqual([held.replicas, held.rule, held.act], [10, 'stabilisation', false]);
  const down = policy.decide({ now: 301_000, planned: 3, ...base, current: 10, recentError: 0.9 });
  assert.deepEqual([down.replicas, down.rule, down.act], [3, 'as-planned', true]);
  const up = policy.decide({ now: 302_000, planned: 12, ...base, current: 3, recentError: 0.9 });
  assert.deepEqual([up.replicas, up.rule, up.act], [3, 'low-confidence', false]);
});

test('safety: sMAPE of recent forecasts', () => {
  assert.equal(recentSmape([]), undefined);
  assert.equal(recentSmape([{ predicted: 10, actual: 10 }]), 0);
  assert.ok(Math.abs(recentSmape([{ predicted: 10, actual: 30 }])! - 1) < 1e-12);
});

test('safety: a drained backlog does not hold the floor up for the stabilisation window', () => {
  const policy = new SafetyPolicy({ ...limits, maxStepUp: 100, maxStepDown: 100 });
  // A burst: 12 replicas, of which the arrivals alone needed 6 (the rest drained the backlog).
  assert.equal(
    policy.decide({ now: 0, planned: 12, plannedForArrivals: 6, ...base, current: 4 }).replicas,
    12,
  );
  const next = policy.decide({ now: 30_000, planned: 6, plannedForArrivals: 6, ...base, current: 12 });
  assert.deepEqual([next.replicas, next.rule], [6, 'as-planned']);
});
