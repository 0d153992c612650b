import { Queue, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { documentQueueName } from '../../common/metric-names.ts';
import { restoreFastStringPrototype } from './fast-string-prototype.ts';

/** The job payload: only the id; the content stays in PostgreSQL (the source of truth). */
export interface DocumentJob {
  id: string;
}

/**
 * A Redis connection. Workers need `maxRetriesPerRequest: null` (blocking commands must wait
 * through a reconnect); the API wants enqueues to give up after one retry instead, and the relay repairs.
 */
export function createRedis(url: string, role: 'producer' | 'worker'): Redis {
  // By now every module is loaded, ioredis and its String subclass too.
  restoreFastStringPrototype();
  return new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    connectTimeout: 3000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
}

export function createDocumentQueue(connection: Redis, prefix: string): Queue<DocumentJob> {
  return new Queue<DocumentJob>(documentQueueName, { connection, prefix, skipWaitingForReady: true });
}

/** jobId = document id, so adding a document that is already queued is a no-op. */
export function documentJob(
  id: string,
  attempts: number,
  backoffMs: number,
): { name: string; data: DocumentJob; opts: JobsOptions } {
  return {
    name: 'process',
    data: { id },
    opts: {
      jobId: id,
      attempts,
      backoff: { type: 'exponential', delay: backoffMs },
      // Finished jobs leave Redis: their outcome lives in PostgreSQL, so memory stays bounded.
      removeOnComplete: true,
      removeOnFail: true,
    },
  };
}
