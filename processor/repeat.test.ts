import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Repeat } from './repeat.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('Repeat: a run that outlasts the interval delays the next one, never two at once', async () => {
  let running = 0;
  let most = 0;
  let runs = 0;
  const repeat = new Repeat(async () => {
    runs++;
    most = Math.max(most, ++running);
    await sleep(40);
    running--;
  }, 5);
  repeat.start(0);
  await sleep(300);
  await repeat.stop();
  assert.equal(most, 1);
  assert.ok(runs >= 3 && runs <= 7, `${runs} runs of 40 ms, 5 ms apart, in 300 ms`);
});

test('Repeat: stop() waits for the run in progress and no run starts after it', async () => {
  let runs = 0;
  let finished = 0;
  const repeat = new Repeat(async () => {
    runs++;
    await sleep(80);
    finished++;
  }, 1);
  repeat.start(0);
  await sleep(10);
  await repeat.stop();
  assert.equal(finished, 1, 'stop() returned before the run ended');
  await sleep(50);
  assert.equal(runs, 1);
});

test('Repeat: the first run waits for firstInMs', async () => {
  let runs = 0;
  const repeat = new Repeat(async () => {
    runs++;
  }, 1000);
  repeat.start(60);
  await sleep(20);
  assert.equal(runs, 0);
  await sleep(80);
  assert.equal(runs, 1);
  await repeat.stop();
});
