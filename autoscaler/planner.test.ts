import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Forecast } from '../capacity/forecast/forecaster.ts';
import { Planner } from './planner.ts';
import { queueSizer } from './sizing.ts';

const minute = 60_000;
function forecast(rates: number[], start = 0, stepMs = minute): Forecast {
  return {
    model: 'test',
    stepMs,
    points: rates.map((r, i) => ({ timestamp: start + i * stepMs, quantiles: { '0.5': r * 0.8, '0.9': r } })),
    notes: [],
  };
}
const slo = { seconds: 10, percentile: 0.95 };
const maxReplicas = 1000;

test('planner: sizes for the peak of the horizon, not beyond it', () => {
  const planner = new Planner(queueSizer);
  // Horizon of 2 minutes from t=0: steps 0 and 1 count, the spike at step 3 does not.
  const plan = planner.plan({
    now: 0,
    forecast: forecast([10, 20, 5, 500]),
    quantile: '0.9',
    horizonSeconds: 120,
    backlog: 0,
    serviceRatePerPod: 5,
    slo,
    maxReplicas,
  });
  assert.equal(plan.peakRate, 20);
  assert.ok(plan.replicas >= 4 && plan.replicas < 10, `replicas ${plan.replicas}`);
  assert.match(plan.explanation, /p90 peak 20\.000\/s/);
});

test('planner: more backlog needs more replicas to drain it within the horizon', () => {
  const planner = new Planner(queueSizer);
  const input = {
    now: 0,
    forecast: forecast([10, 10]),
    quantile: '0.9',
    horizonSeconds: 120,
    serviceRatePerPod: 5,
    slo,
    maxReplicas,
  };
  const none = planner.plan({ ...input, backlog: 0 });
  const some = planner.plan({ ...input, backlog: 1200 });
  assert.equal(some.drainRate, 10);
  assert.ok(some.replicas > none.replicas);
  // Asked to drain within 30 s: four times the rate; never slower than the horizon.
  const fast = planner.plan({ ...input, backlog: 1200, drainSeconds: 30 });
  assert.equal(fast.drainRate, 40);
  assert.ok(fast.replicas > some.replicas);
  assert.match(fast.explanation, /to drain in 30s/);
  assert.equal(planner.plan({ ...input, backlog: 1200, drainSeconds: 600 }).drainRate, 10);
});

test('planner: never plans below the rate already observed', () => {
  const planner = new Planner(queueSizer);
  const plan = planner.plan({
    now: 0,
    forecast: forecast([1, 1]),
    quantile: '0.9',
    horizonSeconds: 60,
    backlog: 0,
    observedRate: 50,
    serviceRatePerPod: 5,
    slo,
    maxReplicas,
  });
  assert.ok(plan.replicas >= 10);
  assert.match(plan.explanation, /observed 50/);
});

test('planner: a forecast that misses the horizon or the quantile is an error', () => {
  const planner = new Planner(queueSizer);
  const base = { quantile: '0.9', horizonSeconds: 60, backlog: 0, serviceRatePerPod: 5, slo, maxReplicas };
  assert.throws(
    () => planner.plan({ ...base, now: 10 * minute, forecast: forecast([1, 1]) }),
    /does not cover/,
  );
  assert.throws(
    () => planner.plan({ ...base, now: 0, quantile: '0.99', forecast: forecast([1, 1]) }),
    /quantile 0\.99/,
  );
});

test('planner: a need beyond maxReplicas is maxReplicas + 1 at once, not a walk to 100,000 and an error', () => {
  const planner = new Planner(queueSizer);
  const input = {
    now: 0,
    quantile: '0.9',
    horizonSeconds: 60,
    backlog: 0,
    serviceRatePerPod: 5,
    slo,
    maxReplicas: 50,
  };
  const plan = planner.plan({ ...input, forecast: forecast([1e9, 1e9]) });
  assert.equal(plan.replicas, 51);
  assert.match(plan.explanation, /→ more than 50 replicas$/);
  // Within the maximum the answer is the sizing's own.
  const small = planner.plan({ ...input, forecast: forecast([20, 20]) });
  assert.ok(small.replicas >= 5 && small.replicas < 50, `replicas ${small.replicas}`);
});
