import { setTimeout as sleep } from 'node:timers/promises';
import { UnrecoverableError, type Job } from 'bullmq';
import { runPipeline, stageNames, type Category, type StageName } from '../pipeline/index.ts';
import type { WorkerMetrics } from '../metrics/worker-metrics.ts';
import type { DocumentJob } from '../queue/queue.ts';
import type { WorkStore } from '../store/work-store.ts';

export interface ProcessDeps {
  store: WorkStore;
  metrics: WorkerMetrics;
  queueName: string;
  extraWorkMs: number;
  /** Loaded once at start, so a bad categories file fails the worker, not every job. */
  categories: readonly Category[];
}

/**
 * One job: claim the document in PostgreSQL, run the pipeline, persist the result (batched
 * with other jobs), and only then let BullMQ complete the job, so a finished job always
 * has its result stored. A job whose document is already finished is a no-op, which makes
 * re-enqueued and recovered jobs safe: each document ends in the results once.
 */
export function createProcessor(deps: ProcessDeps) {
  const { store, metrics, queueName } = deps;
  // The histogram's children, looked up once: labels() builds and hashes a key from its values
  // on every call, seven times per document.
  const durations = Object.fromEntries(
    [...stageNames, 'total'].map((stage) => [stage, metrics.jobDuration.labels(queueName, stage)]),
  ) as Record<StageName | 'total', ReturnType<typeof metrics.jobDuration.labels>>;
  return async (job: Job<DocumentJob>): Promise<string> => {
    const started = performance.now();
    const doc = await store.claim(job.data.id);
    if (!doc) return 'already-finished';
    const timings: Record<string, number> = {};
    try {
      if (deps.extraWorkMs > 0) await sleep(deps.extraWorkMs);
      const result = runPipeline(
        { content: doc.content, contentType: doc.contentType, ...(doc.title ? { title: doc.title } : {}) },
        (stage, ms) => {
          timings[stage] = ms;
          durations[stage].observe(ms / 1000);
        },
        { categories: deps.categories },
      );
      timings.total = performance.now() - started;
      const seconds = await store.complete({ id: doc.id, result, timings });
      durations.total.observe(timings.total / 1000);
      if (seconds !== null) metrics.endToEnd.observe(seconds);
      return 'processed';
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // Content the pipeline cannot process will not get better by retrying.
      const final =
        (error as Error)?.name === 'PipelineError' || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (final) {
        await store.fail(doc.id, reason);
        throw new UnrecoverableError(reason);
      }
      throw error;
    }
  };
}
