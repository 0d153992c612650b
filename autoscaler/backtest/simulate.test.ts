import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Forecaster, Series } from '../../capacity/forecast/forecaster.ts';
import { queueSizer } from '../sizing.ts';
import { runBacktest, type BacktestOptions } from './simulate.ts';

const stepMs = 5 * 60_000;
const day = 288; // 5-minute intervals per day

/** Quiet nights, a sharp 09:00 ramp to four times the load, back down at 17:00. */
function officeTrace(days: number): Series {
  const values: number[] = [];
  for (let i = 0; i < days * day; i++) {
    const hour = ((i % day) * 5) / 60;
    values.push(hour >= 9 && hour < 17 ? 1200 : 300);
  }
  return { start: Date.UTC(2026, 0, 5), stepMs, values };
}

// The seasonal-naive idea (same time yesterday), written here so this test pins the
// simulator, not a forecasting model.
const yesterday: Forecaster = {
  name: 'yesterday',
  fit(series) {
    return {
      name: 'yesterday',
      predict(horizon, quantiles) {
        const n = series.values.length;
        const points = Array.from({ length: horizon }, (_, j) => {
          const v = n >= day ? (series.values[n - day + j] ?? 0) : (series.values[n - 1] ?? 0);
          return {
            timestamp: series.start + (n + j) * series.stepMs,
            quantiles: Object.fromEntries(quantiles.map((q) => [String(q), v])),
          };
        });
        return { model: 'yesterday', stepMs: series.stepMs, points, notes: [] };
      },
    };
  },
};

const options: BacktestOptions = {
  serviceRatePerPod: 0.5,
  startupSeconds: 90,
  tickSeconds: 5,
  slo: { seconds: 10, percentile: 0.95 },
  hpa: { minReplicas: 1, maxReplicas: 100, metric: 'utilisation', target: 0.9 },
  predictive: {
    forecaster: yesterday,
    sizer: queueSizer,
    intervalSeconds: 30,
    quantile: '0.9',
    historySteps: 2 * day,
    accuracyWindow: 12,
    safety: { maxStepUp: 50, maxStepDown: 5, scaleDownStabilisationSeconds: 300, maxRecentError: 0.5 },
  },
};

test("backtest: the forecaster sees per-second rates marked as a step's worth of counts", () => {
  const seen: Series[] = [];
  const recording: Forecaster = {
    name: 'recording',
    fit(series) {
      seen.push(series);
      return yesterday.fit(series);
    },
  };
  const trace = officeTrace(1);
  runBacktest(trace, { ...options, predictive: { ...options.predictive, forecaster: recording } });
  assert.ok(seen.length > 0);
  for (const series of seen) {
    // Its spike filter tells counting noise from spikes: 4/s over 300 s is 1,200 arrivals.
    assert.equal(series.countsPerValue, 300);
    assert.ok(series.values.every((v) => v === 300 / 300 || v === 1200 / 300));
  }
});

test('backtest: predictive raises the floor before the daily ramp; reactive lags and violates', () => {
  const trace = officeTrace(3);
  const result = runBacktest(trace, options);
  const { reactive, predictive, oracle } = result.policies;
  assert.equal(oracle.violationMinutes, 0);
  assert.ok(reactive.violationMinutes > 10, `reactive violated ${reactive.violationMinutes} min`);
  assert.ok(
    predictive.violationMinutes < reactive.violationMinutes * 0.5,
    `predictive ${predictive.violationMinutes} vs reactive ${reactive.violationMinutes}`,
  );
  assert.ok(oracle.podHours <= predictive.podHours && oracle.podHours <= reactive.podHours);
  // On day 3 the floor is up (needed: 1200/300 s / 0.5 = 8 pods) before 09:00.
  const ramp = trace.start + 2 * 86_400_000 + 9 * 3_600_000;
  const before = result.decisions.filter((d) => d.time < ramp && d.time >= ramp - 3 * 60_000);
  assert.ok(
    before.some((d) => d.floor >= 8),
    `floors before the ramp: ${before.map((d) => d.floor).join(',')}`,
  );
  const step = result.timeline.findIndex((p) => p.timestamp === ramp - stepMs);
  assert.ok(result.timeline[step].replicas.predictive > result.timeline[step].replicas.reactive);
});

test('backtest: no peeking — changing the future does not change past decisions', () => {
  const a = officeTrace(2);
  const b = structuredClone(a);
  const cut = day + 100; // change everything from interval 388 on
  for (let i = cut; i < b.values.length; i++) b.values[i] = (b.values[i] ?? 0) * 3 + 50;
  const cutTime = a.start + cut * stepMs;
  const ra = runBacktest(a, options).decisions.filter((d) => d.time <= cutTime);
  const rb = runBacktest(b, options).decisions.filter((d) => d.time <= cutTime);
  assert.ok(ra.length > 100);
  assert.deepEqual(rb, ra);
  const after = (t: Series) => runBacktest(t, options).decisions.filter((d) => d.time > cutTime + stepMs);
  assert.notDeepEqual(after(b), after(a));
});

test('backtest: bad options are one clear error', () => {
  const trace = officeTrace(1);
  assert.throws(() => runBacktest(trace, { ...options, serviceRatePerPod: 0 }), /service rate/);
  assert.throws(() => runBacktest(trace, { ...options, tickSeconds: 7 }), /whole number of 7s ticks/);
  assert.throws(() => runBacktest({ ...trace, values: [1, 2] }, options), /at least 3 intervals/);
  assert.throws(
    () => runBacktest(trace, { ...options, startupSeconds: 86_400 }),
    /pod start-up \+ decision interval \(86430s\) must be shorter than the trace \(86400s\)/,
  );
});

test('backtest: a short observed-rate window sizes an unforecast burst at the next decision', () => {
  // Two flat days, then a burst no forecast of the past can see coming.
  const values: number[] = Array.from({ length: 2 * day }, () => 300);
  const onset = day + 150;
  for (let i = onset; i < onset + 6; i++) values[i] = 1500;
  const trace: Series = { start: Date.UTC(2026, 0, 5), stepMs, values };
  const onsetTime = trace.start + onset * stepMs;
  const run = (observedRateWindowSeconds: number) =>
    runBacktest(trace, {
      ...options,
      predictive: { ...options.predictive, intervalSeconds: 15 },
      observedRateWindowSeconds,
    });
  const short = run(15);
  const long = run(60);
  // 15 s after the onset: 1500 per 300 s at 0.5/s per pod needs 10 pods (more with the backlog).
  const plannedAt = (r: typeof short) => r.decisions.find((d) => d.time === onsetTime + 15_000)?.planned ?? 0;
  assert.ok(plannedAt(short) >= 10, `short window planned ${plannedAt(short)}`);
  assert.ok(plannedAt(long) < plannedAt(short), `long window planned ${plannedAt(long)}`);
  assert.ok(
    short.policies.predictive.violationMinutes < long.policies.predictive.violationMinutes,
    `violation minutes: 15 s window ${short.policies.predictive.violationMinutes}, 60 s ${long.policies.predictive.violationMinutes}`,
  );
  assert.throws(() => run(1), /observed-rate window/);
});

test('backtest: a load beyond maxReplicas holds the predictive floor at the maximum', () => {
  // 1200/interval at 0.001/s per pod needs thousands of pods; the HPA may run 20.
  const result = runBacktest(officeTrace(2), {
    ...options,
    serviceRatePerPod: 0.001,
    hpa: { ...options.hpa, maxReplicas: 20 },
  });
  // The sizing used to walk to 100,000 replicas, throw, and leave the floor where it was.
  assert.deepEqual(
    result.notes.filter((n) => /forecast failed/.test(n)),
    [],
  );
  const floors = result.decisions.map((d) => d.floor);
  assert.ok(floors.length > 100);
  assert.ok(
    floors.slice(10).every((f) => f === 20),
    `floors ${[...new Set(floors)].join(', ')}`,
  );
});
