import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { watchCpu } from './process-cpu.ts';

/** Runs a real child, watching it until it exits: the cores it used on average. */
async function coresOf(script: string): Promise<number | null> {
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  const cpu = watchCpu(child.pid!, 100);
  await once(child, 'exit');
  return cpu.stop();
}

test('a child that spins uses about a core; one that sleeps uses next to none', async () => {
  const spinning = await coresOf('const end = Date.now() + 1500; while (Date.now() < end);');
  const sleeping = await coresOf('setTimeout(() => {}, 1500);');
  assert.ok(spinning !== null && spinning > 0.35 && spinning <= 1.2, `spinning: ${spinning}`);
  assert.ok(sleeping !== null && sleeping < 0.2, `sleeping: ${sleeping}`);
});

test('a process that is not there cannot be measured', () => {
  assert.equal(watchCpu(2 ** 22 + 12345).stop(), null);
});
