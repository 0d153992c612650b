import type { AddressInfo } from 'node:net';
import type { ProcessorConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { createApiMetrics } from '../metrics/api-metrics.ts';
import { createDocumentQueue, createRedis } from '../queue/queue.ts';
import { OutboxRelay } from '../queue/relay.ts';
import { ApiKeys, syncApiKeys } from '../store/api-keys.ts';
import { Batcher } from '../store/batcher.ts';
import { createPool } from '../store/db.ts';
import { Retention } from '../store/retention.ts';
import { IngestStore } from '../store/ingest-store.ts';
import { migrate } from '../store/migrate.ts';
import { documentQueueName } from '../../common/metric-names.ts';
import { QueueDepthGuard } from './backpressure.ts';
import { buildApi } from './server.ts';

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

/** Starts the ingest API: migrations, the API key, the relay, then listening. */
export async function startApi(config: ProcessorConfig): Promise<RunningApi> {
  const log = createLogger('headroom-api', config.logLevel);
  const pool = createPool(config.databaseUrl, log, { max: 20 });
  try {
    await migrate(pool);
    const keys = await syncApiKeys(pool, config.apiKey, config.previousApiKey || undefined);
    if (keys.revoked > 0)
      log.warn({ revoked: keys.revoked }, `revoked ${keys.revoked} API keys no longer configured`);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const redis = createRedis(config.redisUrl, 'producer');
  redis.on('error', (error) => log.warn({ err: error.message }, 'redis connection error'));
  const queue = createDocumentQueue(redis, config.queuePrefix);
  queue.on('error', (error) => log.warn({ err: error.message }, 'queue error'));
  const relay = new OutboxRelay(pool, queue, redis, log, {
    attempts: config.maxAttempts,
    backoffMs: config.retryBackoffMs,
    intervalMs: config.relayIntervalMs,
    graceMs: config.relayGraceMs,
  });
  // Enqueue after commit, batched like the inserts: one addBulk per group commit.
  const enqueues = new Batcher<string, void>(async (ids) => {
    await relay.enqueue(ids);
    return ids.map(() => undefined);
  }, config.groupCommitMs);
  const store = new IngestStore(pool, config.groupCommitMs);
  const retention = new Retention(
    pool,
    { idempotencyHours: config.idempotencyRetentionHours, documentDays: config.documentRetentionDays },
    log,
  );
  const guard = new QueueDepthGuard(() => queue.getWaitingCount(), config.maxQueueDepth);
  const metrics = createApiMetrics(
    () => queue.getJobCounts('waiting', 'active', 'delayed', 'failed'),
    documentQueueName,
  );
  const app = await buildApi({
    config,
    log,
    pool,
    apiKeys: new ApiKeys(pool),
    ingestor: { store, enqueue: (id) => void enqueues.add(id) },
    guard,
    metrics,
    pingRedis: async () => {
      await redis.ping();
    },
  });
  const close = async () => {
    await app.close();
    await store.drain();
    await enqueues.drain();
    await relay.stop();
    await retention.stop();
    await queue.close().catch(() => undefined);
    redis.disconnect();
    await pool.end();
  };
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    // The port is taken (or not ours): the Redis connection and the pool would keep a process
    // that cannot serve alive for ever.
    await close().catch(() => undefined);
    throw error;
  }
  if (config.relayEnabled) relay.start();
  retention.start();
  const address = app.server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { url: `http://${host}:${address.port}`, close };
}
