import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../common/errors.ts';
import { fitUsl, uslThroughput } from './usl.ts';

/** A seeded generator (LCG) so the noisy data, and the test, are the same every run. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

const levels = [1, 2, 4, 8, 12, 16, 24, 32, 48, 64];

test('recovers σ, κ, λ from noisy USL data', () => {
  for (const [truth, seed] of [
    [{ lambda: 100, sigma: 0.05, kappa: 0.001 }, 1],
    [{ lambda: 40, sigma: 0.12, kappa: 0.0002 }, 7],
    [{ lambda: 250, sigma: 0.02, kappa: 0.004 }, 99],
  ] as const) {
    const rnd = seeded(seed);
    const points = levels.map((n) => ({
      concurrency: n,
      throughput: uslThroughput(n, truth) * (1 + (rnd() - 0.5) * 0.04),
    }));
    const fit = fitUsl(points);
    assert.ok(
      Math.abs(fit.lambda - truth.lambda) / truth.lambda < 0.05,
      `λ ${fit.lambda} vs ${truth.lambda}`,
    );
    assert.ok(Math.abs(fit.sigma - truth.sigma) < 0.015, `σ ${fit.sigma} vs ${truth.sigma}`);
    assert.ok(Math.abs(fit.kappa - truth.kappa) / truth.kappa < 0.3, `κ ${fit.kappa} vs ${truth.kappa}`);
    assert.ok(fit.r2 > 0.99, `R² ${fit.r2}`);
    const peak = Math.sqrt((1 - truth.sigma) / truth.kappa);
    assert.ok(
      Math.abs((fit.peakConcurrency as number) - peak) / peak < 0.15,
      `N* ${fit.peakConcurrency} vs ${peak}`,
    );
    assert.ok((fit.kneeConcurrency as number) <= (fit.peakConcurrency as number));
  }
});

test('exact data fits exactly; peak throughput is X(N*)', () => {
  const truth = { lambda: 10, sigma: 0.1, kappa: 0.01 };
  const fit = fitUsl(
    [1, 2, 3, 5, 8, 13, 21].map((n) => ({ concurrency: n, throughput: uslThroughput(n, truth) })),
  );
  assert.ok(
    Math.abs(fit.sigma - 0.1) < 1e-6 && Math.abs(fit.kappa - 0.01) < 1e-7 && Math.abs(fit.lambda - 10) < 1e-5,
  );
  assert.ok(fit.r2 > 0.999999);
  const nStar = Math.sqrt(0.9 / 0.01);
  assert.ok(Math.abs((fit.peakConcurrency as number) - nStar) < 1e-3);
  assert.ok(Math.abs((fit.peakThroughput as number) - uslThroughput(nStar, truth)) < 1e-3);
});

test('pure contention (κ = 0): no peak concurrency, throughput tends to λ/σ', () => {
  const truth = { lambda: 50, sigma: 0.2, kappa: 0 };
  const fit = fitUsl(levels.map((n) => ({ concurrency: n, throughput: uslThroughput(n, truth) })));
  assert.equal(fit.peakConcurrency, null);
  assert.ok(Math.abs((fit.peakThroughput as number) - 250) < 1, `asymptote ${fit.peakThroughput}`);
  assert.ok(Math.abs((fit.kneeConcurrency as number) - 5) < 0.05, `knee at 1/σ, got ${fit.kneeConcurrency}`);
});

test('a saturated plateau and sub-unit concurrency fit without NaN; noise-level κ gets no peak', () => {
  const flat = fitUsl([1, 2, 3].map((n) => ({ concurrency: n, throughput: 100 })));
  assert.ok(flat.r2 === 1 && Math.abs((flat.peakThroughput as number) - 100) < 0.5, JSON.stringify(flat));
  const small = fitUsl(
    [0.2, 0.5, 1, 3, 8].map((n) => ({ concurrency: n, throughput: Math.min(50 * n, 120) })),
  );
  assert.ok(
    Object.values(small).every((v) => v === null || Number.isFinite(v)),
    JSON.stringify(small),
  );
  const plateau = fitUsl([5, 50, 500, 5000].map((n) => ({ concurrency: n, throughput: 300 - 1 / n })));
  assert.equal(plateau.peakConcurrency, null, JSON.stringify(plateau));
  assert.ok(Math.abs((plateau.peakThroughput as number) - 300) < 1);
});

test('linear scaling: no knee, no peak', () => {
  const fit = fitUsl([1, 2, 4, 8].map((n) => ({ concurrency: n, throughput: 7 * n })));
  assert.ok(Math.abs(fit.lambda - 7) < 1e-6);
  assert.equal(fit.peakThroughput, null);
  assert.equal(fit.kneeConcurrency, null);
});

test('fewer than 3 distinct concurrencies, or bad values, is a clear input error', () => {
  assert.throws(
    () =>
      fitUsl([
        { concurrency: 1, throughput: 1 },
        { concurrency: 1, throughput: 1.1 },
        { concurrency: 2, throughput: 2 },
      ]),
    (e: Error) => e instanceof InputError && /at least 3 distinct concurrency levels, got 2/.test(e.message),
  );
  assert.throws(() => fitUsl([]), /got 0/);
  assert.throws(
    () => fitUsl([1, 2, 3].map((n) => ({ concurrency: n, throughput: 0 }))),
    /throughput is zero at every concurrency level/,
  );
  assert.throws(() => fitUsl([{ concurrency: -1, throughput: 1 }]), /must be a positive number/);
  assert.throws(() => fitUsl([{ concurrency: 1, throughput: NaN }]), /throughput NaN/);
});
