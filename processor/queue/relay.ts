import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from 'pino';
import { Repeat } from '../repeat.ts';
import { documentJob, type DocumentJob } from './queue.ts';

export interface RelayOptions {
  attempts: number;
  backoffMs: number;
  intervalMs: number;
  /** Rows younger than this are left to the API's own enqueue-after-commit. */
  graceMs?: number;
  batchSize?: number;
}

/**
 * The outbox relay. The API enqueues each document right after its commit (`enqueue`);
 * that can fail or Redis can lose the job (FLUSHALL, restart without AOF), so a sweep
 * walks the unfinished rows, checks their job exists in Redis and re-adds the missing ones.
 * jobId = document id keeps both paths idempotent.
 */
export class OutboxRelay {
  private sweeping: Promise<number> | null = null;
  private readonly sweeps: Repeat;

  constructor(
    private readonly pool: pg.Pool,
    private readonly queue: Queue<DocumentJob>,
    private readonly redis: Redis,
    private readonly log: Logger,
    private readonly opts: RelayOptions,
  ) {
    this.sweeps = new Repeat(async () => {
      try {
        await this.sweep();
      } catch (error) {
        this.log.warn({ err: (error as Error).message }, 'relay sweep failed');
      }
    }, opts.intervalMs);
  }

  /** Enqueues just-committed documents; failures are only logged (the sweep retries them). */
  async enqueue(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      await this.queue.addBulk(ids.map((id) => documentJob(id, this.opts.attempts, this.opts.backoffMs)));
    } catch (error) {
      this.log.warn(
        { err: (error as Error).message, count: ids.length },
        'enqueue failed; the relay will retry',
      );
    }
  }

  start(): void {
    this.sweeps.start(this.opts.intervalMs);
  }

  async stop(): Promise<void> {
    await this.sweeps.stop();
    await this.sweeping?.catch(() => undefined);
  }

  /** One pass: returns how many documents were re-enqueued. */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  // Where the last sweep stopped: each sweep reads the next page of unfinished rows and
  // wraps around at the end, so a long backlog is covered without writing to the rows.
  private cursor: { acceptedAt: Date; id: string } | null = null;

  private async sweepOnce(): Promise<number> {
    const grace = this.opts.graceMs ?? 5000;
    const after = this.cursor ?? { acceptedAt: new Date(0), id: '00000000-0000-0000-0000-000000000000' };
    const { rows } = await this.pool.query<{ id: string; accepted_at: Date }>(
      `SELECT id, accepted_at FROM documents
        WHERE status IN ('queued', 'processing')
          AND accepted_at < now() - make_interval(secs => $1::float8 / 1000)
          AND (accepted_at, id) > ($2::timestamptz, $3::uuid)
        ORDER BY accepted_at, id
        LIMIT $4`,
      [grace, after.acceptedAt, after.id, this.opts.batchSize ?? 1000],
    );
    const last = rows[rows.length - 1];
    this.cursor =
      rows.length < (this.opts.batchSize ?? 1000) ? null : { acceptedAt: last.accepted_at, id: last.id };
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.exists(this.queue.toKey(id));
    const results = (await pipeline.exec()) ?? [];
    const missing = ids.filter((_, i) => {
      const [error, exists] = results[i] ?? [new Error('no reply'), 0];
      if (error) throw error;
      return exists === 0;
    });
    if (missing.length > 0) {
      await this.queue.addBulk(missing.map((id) => documentJob(id, this.opts.attempts, this.opts.backoffMs)));
      this.log.info(
        { count: missing.length },
        'relay re-enqueued committed documents missing from the queue',
      );
    }
    return missing.length;
  }
}
