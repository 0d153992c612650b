import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

// V8 can say whether an object is in fast mode only with natives syntax: ask a child process.
function stringPrototypeIsFast(script: string): boolean[] {
  const output = execFileSync(
    process.execPath,
    ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8' },
  );
  return output
    .trim()
    .split('\n')
    .map((line) => line === 'true');
}

test('createRedis puts String.prototype back in fast mode after ioredis took it out', () => {
  const [afterImport, afterCreate] = stringPrototypeIsFast(`
    const isFast = new Function('return %HasFastProperties(String.prototype)');
    const { createRedis } = await import('./processor/queue/queue.ts');
    console.log(isFast());
    createRedis('redis://127.0.0.1:1', 'producer').disconnect();
    console.log(isFast());
  `);
  // If a new ioredis no longer slows String.prototype, restoreFastStringPrototype can go.
  assert.equal(afterImport, false, 'loading ioredis no longer puts String.prototype in dictionary mode');
  assert.equal(afterCreate, true);
});
