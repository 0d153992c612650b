import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Forecast } from '../forecast/forecaster.ts';
import { replicasForQueueWait } from './erlang-c.ts';
import { parseDurationSeconds, parseForecastJson } from './forecast-file.ts';
import { capacityOfReplicas, planCapacity } from './plan.ts';

const HOUR = 3_600_000;
const t0 = Date.UTC(2026, 0, 5, 0, 0, 0);
const slo = { queueWait: { seconds: 10, percentile: 0.95 } };

/** 15-minute steps; arrivals per step = rate(hour) × 900. */
function forecastOf(ratePerHour: (h: number) => number, hours: number): Forecast {
  const points = [];
  for (let i = 0; i < hours * 4; i++) {
    const rate = ratePerHour(Math.floor(i / 4));
    points.push({ timestamp: t0 + i * 900_000, quantiles: { '0.5': rate * 900 * 0.8, '0.9': rate * 900 } });
  }
  return { model: 'test', stepMs: 900_000, points, notes: [] };
}

test('a known forecast: replicas per hour, peak, pod-hours', () => {
  // 10/s for 2 hours, 40/s for 1 hour, 10/s for 1 hour; a pod serves 10/s.
  const forecast = forecastOf((h) => (h === 2 ? 40 : 10), 4);
  const plan = planCapacity({
    forecast,
    capacity: { perPodServiceRate: 10, workerConcurrency: 1 },
    slo,
    podStartupSeconds: 0,
    headroom: 0.2,
  });
  const low = replicasForQueueWait({
    arrivalRate: 10,
    serviceRatePerPod: 10,
    sloSeconds: 10,
    percentile: 0.95,
    headroom: 0.2,
  });
  const high = replicasForQueueWait({
    arrivalRate: 40,
    serviceRatePerPod: 10,
    sloSeconds: 10,
    percentile: 0.95,
    headroom: 0.2,
  });
  assert.equal(low.replicas, 2, 'utilisation ≤ 80 %: 10/s needs 2 pods of 10/s');
  assert.equal(high.replicas, 5);
  assert.deepEqual(
    plan.hours.map((h) => [h.hour, h.replicas]),
    [
      ['2026-01-05T00:00:00Z', 2],
      ['2026-01-05T01:00:00Z', 2],
      ['2026-01-05T02:00:00Z', 5],
      ['2026-01-05T03:00:00Z', 2],
    ],
  );
  assert.equal(plan.hours[0].arrivals, 36_000);
  assert.equal(plan.peak.replicas, 5);
  assert.equal(plan.peak.hour, '2026-01-05T02:00:00Z');
  assert.equal(plan.peak.demandRate, 40);
  assert.equal(plan.podHours, 2 + 2 + 5 + 2);
  assert.equal(plan.quantile, '0.9');
  assert.equal(plan.runOut.basis, 'peak');
  assert.notEqual(plan.runOut.from, 'forecast', 'the planned peak fleet is enough for the whole horizon');
});

test('pod start-up: scale up ahead of the hour and pay for the start-up', () => {
  const forecast = forecastOf((h) => (h === 2 ? 40 : 10), 4);
  const plan = planCapacity({
    forecast,
    capacity: { perPodServiceRate: 10 },
    slo,
    podStartupSeconds: 120,
    headroom: 0.2,
  });
  assert.equal(plan.hours[2].scaleUpAt, '2026-01-05T01:58:00Z');
  assert.equal(plan.hours[1].scaleUpAt, null);
  assert.ok(Math.abs(plan.podHours - (11 + (3 * 120) / 3600)) < 1e-9);
});

test('the p50 plans fewer replicas than the p90; a missing quantile is a clear error', () => {
  const forecast = forecastOf(() => 100, 2);
  const input = { forecast, capacity: { perPodServiceRate: 10 }, slo, podStartupSeconds: 0, headroom: 0 };
  const p90 = planCapacity(input);
  const p50 = planCapacity({ ...input, quantile: 'p50' });
  assert.ok(p50.peak.replicas < p90.peak.replicas);
  assert.throws(() => planCapacity({ ...input, quantile: '0.99' }), /no 0.99 quantile \(it has 0.5, 0.9\)/);
  assert.throws(() => planCapacity({ ...input, headroom: 1.5 }), /headroom must be in \[0, 1\)/);
});

test('headroom and run-out at the current replicas: within the horizon, at the trend, never', () => {
  const growing = forecastOf((h) => 10 + h, 24);
  const capacity = { perPodServiceRate: 10 };
  const plan = planCapacity({
    forecast: growing,
    capacity,
    slo,
    podStartupSeconds: 0,
    headroom: 0,
    currentReplicas: 3,
  });
  const cap3 = capacityOfReplicas(3, 10, 1, slo.queueWait);
  assert.ok(cap3 > 25 && cap3 < 30, `3 pods of 10/s take ${cap3}/s within a 10 s wait`);
  assert.equal(plan.runOut.from, 'forecast');
  const crossingHour = Math.ceil(cap3 - 10);
  assert.equal(plan.runOut.date, new Date(t0 + crossingHour * HOUR).toISOString().replace('.000Z', 'Z'));
  assert.ok(plan.current !== null && plan.current.headroomPct < 0, 'short at the peak');

  const enough = planCapacity({
    forecast: growing,
    capacity,
    slo,
    podStartupSeconds: 0,
    headroom: 0,
    currentReplicas: 5,
  });
  assert.equal(enough.runOut.from, 'trend');
  // Demand grows 1/s per hour = 24/s per day; 5 pods take about 48/s; the peak (33/s) is reached
  // at the end of the horizon, so the trend crosses about (48 − 33) / 24 days later.
  const cap5 = capacityOfReplicas(5, 10, 1, slo.queueWait);
  assert.ok(Math.abs(enough.runOut.trendPerDay - 24) < 0.1, `trend ${enough.runOut.trendPerDay}/s per day`);
  const expected = t0 + 23 * HOUR + ((cap5 - 33) / 24) * 24 * HOUR;
  assert.ok(
    Math.abs(Date.parse(enough.runOut.date as string) - expected) < HOUR,
    enough.runOut.date as string,
  );
  assert.ok(enough.current !== null && enough.current.headroomPct > 0);
  assert.equal(enough.current?.shortFrom, null);

  const flat = planCapacity({
    forecast: forecastOf(() => 10, 24),
    capacity,
    slo,
    podStartupSeconds: 0,
    headroom: 0,
    currentReplicas: 5,
  });
  assert.equal(flat.runOut.date, null);
  assert.match(flat.runOut.note, /never/);
});

test('the trend goes through the daily peaks, not through the cycle', () => {
  // Three days of a daily cycle whose peaks grow 12/s per day; over whole cycles a straight line
  // through the points would be pulled down by the phase.
  const points = [];
  for (let i = 0; i < 3 * 96; i++) {
    const day = i / 96;
    const rate = 100 + 60 * Math.sin(2 * Math.PI * day) + 12 * day;
    points.push({ timestamp: t0 + i * 900_000, quantiles: { '0.9': rate * 900 } });
  }
  const plan = planCapacity({
    forecast: { model: 'cycle', stepMs: 900_000, points, notes: [] },
    capacity: { perPodServiceRate: 50 },
    slo,
    podStartupSeconds: 0,
    headroom: 0,
    currentReplicas: 6,
  });
  assert.ok(Math.abs(plan.runOut.trendPerDay - 12) < 0.5, `trend ${plan.runOut.trendPerDay}/s per day`);
  assert.equal(plan.runOut.from, 'trend');
  assert.match(plan.runOut.note, /daily peaks/);
  // Last peak ≈ 100 + 60 + 12 × 2.25 = 187/s; 6 pods of 50/s take c/s: it is reached (c − 187) / 12 days later.
  const capacity = capacityOfReplicas(6, 50, 1, slo.queueWait);
  const lastPeak = t0 + 2.25 * 24 * HOUR;
  const expected = lastPeak + ((capacity - 187) / 12) * 24 * HOUR;
  assert.ok(Math.abs(Date.parse(plan.runOut.date as string) - expected) < 6 * HOUR, `${plan.runOut.date}`);
});

test('forecast JSON: p-fields, step as seconds or duration, clear errors', () => {
  const doc = {
    model: 'holt-winters',
    step: '15m',
    points: [
      { timestamp: '2026-01-05T00:00:00Z', p50: 10, p90: 12 },
      { timestamp: '2026-01-05T00:15:00Z', p50: 11, p90: 13 },
    ],
    accuracy: {},
  };
  const forecast = parseForecastJson(doc);
  assert.equal(forecast.stepMs, 900_000);
  assert.deepEqual(forecast.points[1].quantiles, { '0.5': 11, '0.9': 13 });
  assert.equal(parseForecastJson({ ...doc, step: 900 }).stepMs, 900_000);
  assert.equal(parseDurationSeconds('1h30m'), 5400);
  assert.equal(parseDurationSeconds('PT1H'), 3600);
  assert.equal(parseDurationSeconds('soon'), null);
  assert.throws(() => parseForecastJson({ ...doc, step: 'soon' }), /step must be seconds or a duration/);
  assert.throws(() => parseForecastJson({ ...doc, points: [] }), /points must be a non-empty array/);
  assert.throws(
    () => parseForecastJson({ ...doc, step: '10m' }),
    /900s apart, which is not a multiple of the step \(600s\)/,
  );
  assert.equal(parseForecastJson({ ...doc, step: '5m' }).points.length, 2, 'a gap of whole steps is fine');
  assert.throws(
    () =>
      parseForecastJson({ ...doc, points: [doc.points[0], { timestamp: '2026-01-05T00:15:00Z', p50: 1 }] }),
    /points\[1\] has quantiles 0.5 but points\[0\] has 0.5, 0.9/,
  );
  assert.throws(
    () => parseForecastJson({ ...doc, points: [doc.points[1], doc.points[0]] }),
    /timestamps must increase/,
  );
  assert.throws(
    () => parseForecastJson({ ...doc, points: [{ timestamp: 'yesterday', p50: 1 }] }),
    /timestamp must be/,
  );
  assert.throws(
    () => parseForecastJson({ ...doc, points: [{ timestamp: 1, p50: -1 }] }),
    /p50 must be a number ≥ 0/,
  );
  assert.throws(
    () => parseForecastJson({ kind: 'headroom.capacity-search/v1', steps: [] }),
    /a load-test summary .* pass it to --loadtest/,
  );
});
