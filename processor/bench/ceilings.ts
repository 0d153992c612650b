import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { createRedis } from '../queue/queue.ts';
import { runLoad } from './run-load.ts';
import type { LoadResult } from './load-client.ts';

/**
 * The ceilings the processor is compared with, measured on the same machine in the same run:
 * BullMQ with a no-op worker, and a bare Fastify route that only parses and enqueues.
 */
export async function bareBullmq(
  redisUrl: string,
  jobs: number,
  concurrency: number,
): Promise<{ jobsPerSecond: number; jobs: number; seconds: number }> {
  const prefix = `hr_bench_${randomUUID().slice(0, 8)}`;
  const producer = createRedis(redisUrl, 'worker');
  const consumer = createRedis(redisUrl, 'worker');
  const queue = new Queue('bench', { connection: producer, prefix });
  let done = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker('bench', async () => 'ok', {
    connection: consumer,
    prefix,
    concurrency,
    removeOnComplete: { count: 0 },
  });
  worker.on('completed', () => {
    if (++done === jobs) finish();
  });
  await worker.waitUntilReady();
  const started = performance.now();
  for (let i = 0; i < jobs; i += 500) {
    const n = Math.min(500, jobs - i);
    await queue.addBulk(
      Array.from({ length: n }, (_, k) => ({
        name: 'noop',
        data: { id: randomUUID(), k: i + k },
        opts: { removeOnComplete: true },
      })),
    );
  }
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  producer.disconnect();
  consumer.disconnect();
  return { jobsPerSecond: jobs / seconds, jobs, seconds };
}

export async function bareEnqueueRoute(
  redisUrl: string,
  load: { concurrency: number; durationMs: number; warmupMs: number },
): Promise<LoadResult> {
  const prefix = `hr_bench_${randomUUID().slice(0, 8)}`;
  const redis = createRedis(redisUrl, 'producer');
  const queue = new Queue('bench', { connection: redis, prefix });
  const app = Fastify({ bodyLimit: 2 * 1024 * 1024 });
  app.post('/enqueue', async (request, reply) => {
    const id = randomUUID();
    await queue.add('noop', { id, size: JSON.stringify(request.body).length }, { jobId: id });
    return reply.code(202).send({ id, status: 'queued' });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  try {
    return await runLoad({ url: `http://127.0.0.1:${port}/enqueue`, mode: 'closed', ...load, startIndex: 0 });
  } finally {
    await app.close();
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
  }
}
