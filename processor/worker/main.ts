import { readdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { setPriority } from 'node:os';
import { Worker } from 'bullmq';
import type { ProcessorConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { createWorkerMetrics, serveMetrics } from '../metrics/worker-metrics.ts';
import { createRedis, type DocumentJob } from '../queue/queue.ts';
import { createPool } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';
import { WorkStore } from '../store/work-store.ts';
import { documentQueueName } from '../../common/metric-names.ts';
import { createProcessor } from './process-document.ts';
import { loadCategories } from '../pipeline/index.ts';

export interface RunningWorker {
  metricsUrl: string;
  /** Stops taking jobs, lets the in-flight ones finish and persists their results. */
  close(): Promise<void>;
}

export async function startWorker(config: ProcessorConfig): Promise<RunningWorker> {
  const log = createLogger('headroom-worker', config.logLevel);
  if (config.workerNice > 0) lowerPriority(config.workerNice);
  const categories = loadCategories();
  // The worker's writes (claims, results, failures) need not wait for the disk: one the
  // database loses in a crash leaves its document unfinished, with its job already gone
  // from Redis, and the relay enqueues it again; the pipeline gives the same result. What
  // must be durable, the acceptance, is the API's commit. Not waiting for each batch's WAL
  // flush drained a backlog ~5 % faster (four A/B pairs, +12 to -2 %: the VM is noisy).
  const pool = createPool(config.databaseUrl, log, {
    max: Math.min(10, config.workerConcurrency + 2),
    durableCommits: false,
  });
  // The worker may start before the API: make sure the schema is there.
  await migrate(pool);
  const store = new WorkStore(pool, config.groupCommitMs);
  const metrics = createWorkerMetrics(documentQueueName);
  const connection = createRedis(config.redisUrl, 'worker');
  connection.on('error', (error) => log.warn({ err: error.message }, 'redis connection error'));
  // A worker without Redis has nothing to do: say so at start instead of retrying silently.
  await Promise.race([
    connection.ping(),
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error('Redis did not answer within 10 s')), 10_000).unref(),
    ),
  ]).catch(async (error: Error) => {
    connection.disconnect();
    await pool.end();
    throw error;
  });
  const worker = new Worker<DocumentJob>(
    documentQueueName,
    createProcessor({
      store,
      metrics,
      queueName: documentQueueName,
      extraWorkMs: config.extraWorkMs,
      categories,
    }),
    {
      connection,
      prefix: config.queuePrefix,
      concurrency: config.workerConcurrency,
      lockDuration: config.jobLockMs,
      stalledInterval: Math.max(1000, Math.floor(config.jobLockMs / 2)),
      // A job whose worker died twice mid-run is failed rather than retried forever.
      maxStalledCount: 2,
      removeOnComplete: { count: 0 },
      removeOnFail: { count: 0 },
    },
  );
  worker.on('error', (error) => log.warn({ err: error.message }, 'worker error'));
  worker.on('completed', () => metrics.jobs.labels(documentQueueName, 'completed').inc());
  worker.on('failed', (job, error) => {
    const final = !job || error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    metrics.jobs.labels(documentQueueName, final ? 'failed' : 'retried').inc();
    if (!final) return;
    log.warn({ id: job?.id, err: error.message }, 'document failed');
    // Failures BullMQ decides alone (a job that stalled too often: it keeps killing workers)
    // must end the document too, or the relay would re-enqueue it forever. A no-op when the
    // processor already recorded the failure.
    if (job)
      store
        .fail(job.data.id, error.message)
        .catch((e: Error) => log.warn({ err: e.message }, 'recording a failure failed'));
  });
  const stopWorking = async (server?: Server) => {
    await worker.close();
    await store.drain();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    connection.disconnect();
    await pool.end();
  };
  let served: Awaited<ReturnType<typeof serveMetrics>>;
  try {
    await worker.waitUntilReady();
    served = await serveMetrics(metrics.registry, config.host, config.workerMetricsPort);
  } catch (error) {
    // The metrics port is taken, say: a worker that is already taking jobs would keep the
    // process alive for ever after its start was reported as failed.
    await stopWorking().catch(() => undefined);
    throw error;
  }
  const { server, url } = served;
  return {
    metricsUrl: url,
    close: () => stopWorking(server),
  };
}

/**
 * On Linux a nice value belongs to a thread, and V8's GC threads started before this code ran:
 * each thread is lowered, not just the main one.
 */
function lowerPriority(nice: number): void {
  let threads: number[] = [];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    // Not Linux: the process-wide call is all there is.
  }
  if (threads.length === 0) setPriority(nice);
  for (const tid of threads) {
    try {
      setPriority(tid, nice);
    } catch {
      // The thread ended between listing and lowering it.
    }
  }
}
