import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Cleanup } from '../../common/cleanup.ts';
import { runPipeline, type PipelineInput } from '../pipeline/index.ts';
import { createRedis } from '../queue/queue.ts';
import { ceilingQueuePrefixForRun } from '../testing/run-resources.ts';
import { corpusBodies } from './corpus.ts';
import { runLoad } from './run-load.ts';
import type { LoadResult } from './load-client.ts';

/**
 * The ceilings the processor is compared with, measured on the same machine in the same run:
 * BullMQ with a no-op worker, a bare Fastify route that only parses and enqueues, and the
 * pipeline alone. The two with a queue register its removal with the run's `cleanup`, so an
 * interrupted benchmark does not leave thousands of jobs in Redis, and hold its run lock on
 * PostgreSQL, so the next run's sweep removes the queue of one killed outright (SIGKILL).
 */
export interface CeilingServices {
  redisUrl: string;
  /** Where the queue's run lock is held. */
  databaseUrl: string;
}

/**
 * Jobs per second through a BullMQ producer and a no-op worker in one process. The first
 * `warmupJobs` are not timed: a cold process ran 10,000 jobs at 6,000-6,500 jobs/s and the
 * same process then ran them at 7,400-8,400, so an untimed warm-up keeps the ceiling from
 * depending on where in V8's warm-up it happened to be measured (the processor's own drain
 * runs for 15+ seconds and is mostly warm).
 */
export async function bareBullmq(
  { redisUrl, databaseUrl }: CeilingServices,
  load: { jobs: number; warmupJobs: number; concurrency: number },
  cleanup: Cleanup,
): Promise<{ jobsPerSecond: number; jobs: number; seconds: number }> {
  const { prefix, release } = await ceilingQueuePrefixForRun(databaseUrl);
  const producer = createRedis(redisUrl, 'worker');
  const consumer = createRedis(redisUrl, 'worker');
  const queue = new Queue('bench', { connection: producer, prefix });
  let done = 0;
  let target = 0;
  let reached: () => void = () => undefined;
  const worker = new Worker('bench', async () => 'ok', {
    connection: consumer,
    prefix,
    concurrency: load.concurrency,
    removeOnComplete: { count: 0 },
  });
  worker.on('completed', () => {
    if (++done === target) reached();
  });
  let stopping = false;
  const stop = cleanup.add('the BullMQ ceiling', async () => {
    stopping = true;
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    producer.disconnect();
    consumer.disconnect();
    await release();
  });
  /** Adds `jobs` jobs and resolves when the worker has completed them all. */
  const run = async (jobs: number) => {
    const finished = new Promise<void>((resolve) => (reached = resolve));
    target = done + jobs;
    for (let i = 0; i < jobs && !stopping; i += 500) {
      const n = Math.min(500, jobs - i);
      await queue.addBulk(
        Array.from({ length: n }, () => ({
          name: 'noop',
          data: { id: randomUUID() },
          opts: { removeOnComplete: true },
        })),
      );
    }
    await finished;
  };
  try {
    await worker.waitUntilReady();
    if (load.warmupJobs > 0) await run(load.warmupJobs);
    const started = performance.now();
    await run(load.jobs);
    const seconds = (performance.now() - started) / 1000;
    return { jobsPerSecond: load.jobs / seconds, jobs: load.jobs, seconds };
  } finally {
    await stop();
  }
}

export async function bareEnqueueRoute(
  { redisUrl, databaseUrl }: CeilingServices,
  load: { concurrency: number; durationMs: number; warmupMs: number },
  cleanup: Cleanup,
): Promise<LoadResult> {
  const { prefix, release } = await ceilingQueuePrefixForRun(databaseUrl);
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
  const stop = cleanup.add('the bare enqueue route', async () => {
    await app.close();
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
    await release();
  });
  try {
    return await runLoad({ url: `http://127.0.0.1:${port}/enqueue`, mode: 'closed', ...load, startIndex: 0 });
  } finally {
    await stop();
  }
}

/**
 * Documents per second the pipeline alone runs on one core, on the corpus the processor is
 * loaded with (`docs` documents from one seed: 1,000 is the corpus's whole size mix, its 1 MB
 * tail included): no queue, no database, no network. Workers on N cores cannot beat N times
 * this, whatever the queue costs.
 */
export function pipelineAlone(load: { docs: number; warmupDocs: number }): { docsPerSecond: number } {
  const bodyFor = corpusBodies();
  const documents = (from: number, count: number): PipelineInput[] =>
    Array.from({ length: count }, (_, i) => JSON.parse(bodyFor(from + i)) as PipelineInput);
  for (const doc of documents(load.docs, load.warmupDocs)) runPipeline(doc);
  const timed = documents(0, load.docs);
  const started = performance.now();
  for (const doc of timed) runPipeline(doc);
  return { docsPerSecond: load.docs / ((performance.now() - started) / 1000) };
}
