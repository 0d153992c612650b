import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { test } from 'node:test';
import { localServices } from '../../common/local-services.ts';
import { createRedis } from '../queue/queue.ts';
import { databaseNames, redisKeyCount } from './inspect.ts';
import { ceilingQueuePrefixForRun, createDatabase, runNames, sweepLeftovers } from './run-resources.ts';

const databaseExists = async (name: string) =>
  (await databaseNames(localServices.databaseUrl, name)).includes(name);
const queueKeys = (prefix: string) => redisKeyCount(localServices.redisUrl, `${prefix}:*`);

/**
 * A run to kill: a child process that runs `script` (ESM, from the repository root), prints one
 * line when its resources are made, then idles until it is killed. Returns it and that line.
 */
async function startRun(script: string): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', `${script}\nsetInterval(() => undefined, 1000);`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [data] = (await once(child.stdout!, 'data')) as [Buffer];
  return { child, line: data.toString().trim() };
}

test('a run killed with SIGKILL leaves its database and queue to the next sweep; a live run keeps them', async () => {
  const dead = runNames(randomBytes(5).toString('hex'));
  // The run that dies: makes its database and queue the way startProcessor does, then waits.
  const { child, line } = await startRun(`
      const { createDatabase } = await import('./processor/testing/run-resources.ts');
      const { createDocumentQueue, createRedis } = await import('./processor/queue/queue.ts');
      await createDatabase(${JSON.stringify(localServices.databaseUrl)}, ${JSON.stringify(dead.database)});
      const queue = createDocumentQueue(createRedis(${JSON.stringify(localServices.redisUrl)}, 'producer'), ${JSON.stringify(dead.queuePrefix)});
      await queue.add('process', { id: 'left-behind' }, { jobId: 'left-behind' });
      console.log('ready');
  `);
  assert.equal(line, 'ready');

  const live = await createDatabase(
    localServices.databaseUrl,
    runNames(randomBytes(5).toString('hex')).database,
  );
  try {
    // Alive, its lock is held: nothing to sweep.
    assert.ok(
      !(await sweepLeftovers(localServices.databaseUrl, localServices.redisUrl)).includes(dead.database),
    );
    assert.ok(await databaseExists(dead.database));

    child.kill('SIGKILL');
    await once(child, 'exit');
    assert.ok((await queueKeys(dead.queuePrefix)) > 0, 'the killed run left its queue');

    const swept = await sweepLeftovers(localServices.databaseUrl, localServices.redisUrl);
    assert.ok(swept.includes(dead.database), `swept ${JSON.stringify(swept)}`);
    assert.equal(await databaseExists(dead.database), false);
    assert.equal(await queueKeys(dead.queuePrefix), 0);

    const liveName = new URL(live.url).pathname.slice(1);
    assert.ok(!swept.includes(liveName));
    assert.ok(await databaseExists(liveName), 'a live run is left alone');
  } finally {
    child.kill('SIGKILL');
    await live.drop();
  }
});

test('a benchmark ceiling killed with SIGKILL leaves its queue to the next sweep; a live one keeps it', async () => {
  // The ceiling that dies: takes its prefix the way bench/ceilings.ts does, fills its queue, waits.
  const { child, line: deadPrefix } = await startRun(`
      const { Queue } = await import('bullmq');
      const { ceilingQueuePrefixForRun } = await import('./processor/testing/run-resources.ts');
      const { createRedis } = await import('./processor/queue/queue.ts');
      const { prefix } = await ceilingQueuePrefixForRun(${JSON.stringify(localServices.databaseUrl)});
      const queue = new Queue('bench', { connection: createRedis(${JSON.stringify(localServices.redisUrl)}, 'producer'), prefix });
      await queue.addBulk(Array.from({ length: 50 }, (_, i) => ({ name: 'noop', data: { i } })));
      console.log(prefix);
  `);
  assert.match(deadPrefix, /^hr_bench_[0-9a-f]{8}$/);

  const live = await ceilingQueuePrefixForRun(localServices.databaseUrl);
  const redis = createRedis(localServices.redisUrl, 'producer');
  try {
    await redis.set(`${live.prefix}:bench:meta`, 'a live ceiling');
    assert.ok(
      !(await sweepLeftovers(localServices.databaseUrl, localServices.redisUrl)).includes(deadPrefix),
    );
    assert.ok((await queueKeys(deadPrefix)) > 0, 'a running ceiling keeps its queue');

    child.kill('SIGKILL');
    await once(child, 'exit');
    const swept = await sweepLeftovers(localServices.databaseUrl, localServices.redisUrl);
    assert.ok(swept.includes(deadPrefix), `swept ${JSON.stringify(swept)}`);
    assert.equal(await queueKeys(deadPrefix), 0);
    assert.ok(!swept.includes(live.prefix));
    assert.equal(await queueKeys(live.prefix), 1, 'a live ceiling is left alone');
  } finally {
    child.kill('SIGKILL');
    await redis.del(`${live.prefix}:bench:meta`);
    redis.disconnect();
    await live.release();
  }
});
