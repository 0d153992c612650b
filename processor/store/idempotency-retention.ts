import type pg from 'pg';
import type { Logger } from 'pino';

/** Rows per DELETE: a backlog of expired keys goes in short transactions, not one long one. */
const pruneBatch = 5000;

/**
 * Deletes the Idempotency-Key answers older than the retention; returns how many. A key is a
 * client's way to retry one request safely for a while (Stripe keeps them 24 h); kept for
 * ever, the table only grows and a key can never be used again.
 */
export async function pruneIdempotencyKeys(pool: pg.Pool, retentionHours: number): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await pool.query(
      `DELETE FROM idempotency_keys k
        USING (SELECT api_key_id, key FROM idempotency_keys
                WHERE created_at < now() - make_interval(hours => $1)
                ORDER BY created_at LIMIT $2) AS expired
        WHERE k.api_key_id = expired.api_key_id AND k.key = expired.key`,
      [retentionHours, pruneBatch],
    );
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < pruneBatch) return total;
  }
}

/** Prunes at start and then every `intervalMs`; a failure is logged and retried next time. */
export class IdempotencyRetention {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    private readonly retentionHours: number,
    private readonly log: Logger,
    private readonly intervalMs = 15 * 60_000,
  ) {}

  start(): void {
    const tick = () => {
      this.running = pruneIdempotencyKeys(this.pool, this.retentionHours).then(
        (pruned) => {
          if (pruned > 0) this.log.info({ pruned }, `pruned ${pruned} expired Idempotency-Keys`);
        },
        (error: Error) => this.log.warn({ err: error.message }, 'pruning Idempotency-Keys failed'),
      );
      this.timer = setTimeout(tick, this.intervalMs);
      this.timer.unref();
    };
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
