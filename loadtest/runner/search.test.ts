import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchRates } from './search.ts';

// The search against a service whose true capacity is known (what k6 would find).
function service(capacity: number) {
  const probed: string[] = [];
  const probe = async (rate: number, phase: 'step' | 'bisect') => {
    probed.push(`${phase}:${rate}`);
    return rate <= capacity;
  };
  return { probed, probe };
}

test('steps up until a rate fails, then bisects down to the resolution', async () => {
  const s = service(23);
  const out = await searchRates({ start: 5, step: 10, max: 100, resolution: 2, fits: () => true }, s.probe);
  assert.deepEqual(s.probed, ['step:5', 'step:15', 'step:25', 'bisect:20', 'bisect:22.5', 'bisect:23.75']);
  assert.deepEqual(out, { maxPassingRate: 22.5, firstFailingRate: 23.75 });
});

test('no failure up to max: max passes, no failing rate', async () => {
  const s = service(1000);
  const out = await searchRates({ start: 2, step: 4, max: 10, resolution: 1, fits: () => true }, s.probe);
  assert.deepEqual(s.probed, ['step:2', 'step:6', 'step:10']);
  assert.deepEqual(out, { maxPassingRate: 10, firstFailingRate: null });
});

test('doubling climbs to an unknown limit in few steps, then bisects', async () => {
  const s = service(700);
  const out = await searchRates(
    { start: 5, step: 'double', max: 2000, resolution: 20, fits: () => true },
    s.probe,
  );
  assert.deepEqual(s.probed, [
    'step:5',
    'step:10',
    'step:20',
    'step:40',
    'step:80',
    'step:160',
    'step:320',
    'step:640',
    'step:1280',
    'bisect:960',
    'bisect:800',
    'bisect:720',
    'bisect:680',
    'bisect:700',
  ]);
  assert.deepEqual(out, { maxPassingRate: 700, firstFailingRate: 720 });
});

test('a step that would jump past max tries max itself', async () => {
  const doubling = service(1000);
  const out = await searchRates(
    { start: 30, step: 'double', max: 100, resolution: 1, fits: () => true },
    doubling.probe,
  );
  assert.deepEqual(doubling.probed, ['step:30', 'step:60', 'step:100']);
  assert.deepEqual(out, { maxPassingRate: 100, firstFailingRate: null });
  const linear = service(1000);
  await searchRates({ start: 5, step: 10, max: 30, resolution: 1, fits: () => true }, linear.probe);
  assert.deepEqual(linear.probed, ['step:5', 'step:15', 'step:25', 'step:30']);
});

test('a failing first step bisects towards zero', async () => {
  const s = service(3);
  const out = await searchRates({ start: 10, step: 10, max: 50, resolution: 2, fits: () => true }, s.probe);
  assert.deepEqual(s.probed, ['step:10', 'bisect:5', 'bisect:2.5', 'bisect:3.75']);
  assert.deepEqual(out, { maxPassingRate: 2.5, firstFailingRate: 3.75 });
});

test('the budget stops the search between probes', async () => {
  const s = service(1000);
  let left = 2;
  const out = await searchRates(
    { start: 1, step: 1, max: 100, resolution: 0.5, fits: () => left-- > 0 },
    s.probe,
  );
  assert.deepEqual(s.probed, ['step:1', 'step:2']);
  assert.deepEqual(out, { maxPassingRate: 2, firstFailingRate: null });
});
