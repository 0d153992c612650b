import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  erlangB,
  erlangC,
  littlesLaw,
  meanWait,
  probabilityWaitExceeds,
  replicasForQueueWait,
  waitPercentile,
} from './erlang-c.ts';

const close = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);

test('Erlang C matches values worked by hand and M/M/1', () => {
  close(erlangC(2, 1), 1 / 3, 1e-12, 'c=2, A=1');
  // c=1 is M/M/1: P(wait) = ρ.
  close(erlangC(1, 0.7), 0.7, 1e-12, 'M/M/1');
  // c=3, A=2 by the textbook sum: (A^c/c!)(c/(c−A)) / (Σ_{k<c} A^k/k! + (A^c/c!)(c/(c−A))) = 4/9.
  close(erlangC(3, 2), 4 / 9, 1e-12, 'c=3, A=2');
  // The standard call-centre table point: 10 agents, 8 erlangs.
  close(erlangC(10, 8), 0.4092, 1e-4, 'c=10, A=8');
  assert.equal(erlangC(4, 4), 1, 'an unstable queue always waits');
});

test('Erlang B matches the published 1 % grade-of-service table', () => {
  // Offered load (erlangs) carried at 1 % blocking by N trunks, from the standard Erlang B table.
  for (const [servers, load] of [
    [5, 1.361],
    [10, 4.461],
    [20, 12.03],
    [50, 37.9],
    [100, 84.06],
  ]) {
    close(erlangB(servers, load), 0.01, 3e-4, `B(${servers}, ${load})`);
  }
  close(erlangB(10, 5), 0.01838, 1e-5, 'B(10, 5)');
});

test('1000 and 100000 servers: no overflow, no NaN', () => {
  for (const [c, a] of [
    [1000, 950],
    [1000, 999.9],
    [100_000, 99_000],
  ]) {
    const value = erlangC(c, a);
    assert.ok(Number.isFinite(value) && value > 0 && value < 1, `C(${c}, ${a}) = ${value}`);
    const wait = meanWait({ arrivalRate: a, serviceRate: 1, servers: c });
    assert.ok(Number.isFinite(wait) && wait > 0);
  }
  assert.ok(erlangC(1000, 900) < erlangC(1000, 990), 'more load waits more');
});

test('wait distribution: P(W > t), percentile and mean are consistent', () => {
  const q = { arrivalRate: 8, serviceRate: 1, servers: 10 };
  close(probabilityWaitExceeds(q, 0), erlangC(10, 8), 1e-12, 'P(W > 0) = C');
  const t95 = waitPercentile(q, 0.95);
  close(probabilityWaitExceeds(q, t95), 0.05, 1e-9, 'P(W > p95) = 5 %');
  close(meanWait(q), erlangC(10, 8) / 2, 1e-12, 'Wq = C/(cμ − λ)');
  assert.equal(waitPercentile({ arrivalRate: 1, serviceRate: 1, servers: 10 }, 0.9), 0, 'most never wait');
  close(littlesLaw.inSystem(8, 2), 16, 0, 'L = λW');
  close(littlesLaw.timeInSystem(16, 8), 2, 0, 'W = L/λ');
});

test('replicasForQueueWait: smallest count that meets the wait objective, monotone in arrival rate', () => {
  const base = { serviceRatePerPod: 10, sloSeconds: 0.5, percentile: 0.95 };
  let previous = 0;
  for (let rate = 0; rate <= 400; rate += 3.7) {
    const plan = replicasForQueueWait({ ...base, arrivalRate: rate });
    assert.ok(plan.replicas >= previous, `rate ${rate}: ${plan.replicas} < ${previous}`);
    previous = plan.replicas;
    if (rate > 0) {
      assert.ok(plan.waitAtPercentile <= base.sloSeconds + 1e-9, `rate ${rate} misses the objective`);
      if (plan.replicas > 1) {
        const fewer = replicasForQueueWait({ ...base, arrivalRate: rate, minReplicas: 1, maxReplicas: 100 });
        assert.equal(fewer.replicas, plan.replicas);
        const q = { arrivalRate: rate, serviceRate: 10, servers: plan.replicas - 1 };
        assert.ok(
          rate >= 10 * (plan.replicas - 1) || probabilityWaitExceeds(q, base.sloSeconds) > 0.05,
          `rate ${rate}: one replica fewer would also do`,
        );
      }
    }
  }
  assert.equal(replicasForQueueWait({ ...base, arrivalRate: 0 }).replicas, 1, 'the minimum when idle');
});

test('headroom policy and worker concurrency', () => {
  const base = { arrivalRate: 50, serviceRatePerPod: 10, sloSeconds: 5, percentile: 0.9 };
  const loose = replicasForQueueWait(base);
  const strict = replicasForQueueWait({ ...base, headroom: 0.5 });
  assert.equal(strict.replicas, 10, 'utilisation ≤ 50 %');
  assert.equal(strict.limitedBy, 'headroom');
  assert.ok(loose.replicas < strict.replicas);
  // More, slower slots per pod: same capacity, shorter waits → never more replicas.
  const slots = replicasForQueueWait({ ...base, sloSeconds: 0.2, workerConcurrency: 8 });
  const single = replicasForQueueWait({ ...base, sloSeconds: 0.2, workerConcurrency: 1 });
  assert.ok(slots.replicas <= single.replicas);
  assert.equal(slots.servers, slots.replicas * 8);
  assert.throws(() => replicasForQueueWait({ ...base, headroom: 1 }), /headroom must be in \[0, 1\)/);
  assert.throws(
    () => replicasForQueueWait({ ...base, serviceRatePerPod: 0 }),
    /service rate per pod must be > 0/,
  );
  assert.throws(
    () => replicasForQueueWait({ ...base, arrivalRate: 1e9, maxReplicas: 10 }),
    /more than 10 replicas/,
  );
});
