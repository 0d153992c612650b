import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cleanup } from './cleanup.ts';

test('runAll stops in reverse order, once, past a step that fails', async () => {
  const cleanup = new Cleanup();
  const ran: string[] = [];
  cleanup.add('a', async () => void ran.push('a'));
  cleanup.add('b', async () => {
    ran.push('b');
    throw new Error('refused');
  });
  cleanup.add('c', async () => void ran.push('c'));
  const log: string[] = [];
  await cleanup.runAll((line) => log.push(line));
  await cleanup.runAll();
  assert.deepEqual(ran, ['c', 'b', 'a']);
  assert.deepEqual(log, ['stopped c', 'could not stop b: refused', 'stopped a']);
});

test('a released step runs then and not again; one released during runAll runs once', async () => {
  const cleanup = new Cleanup();
  const ran: string[] = [];
  const releaseA = cleanup.add('a', async () => void ran.push('a'));
  const releaseB = cleanup.add('b', async () => void ran.push('b'));
  cleanup.add('c', async () => {
    ran.push('c');
    await releaseB();
  });
  await releaseA();
  await releaseA();
  await cleanup.runAll();
  assert.deepEqual(ran, ['a', 'c', 'b']);
});
