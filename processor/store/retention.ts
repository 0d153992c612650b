import type pg from 'pg';
import type { Logger } from 'pino';
import { Repeat } from '../repeat.ts';

/** Rows per DELETE: a backlog of expired rows goes in short transactions, not one long one. */
const pruneBatch = 5000;

/** Runs a batch-limited DELETE until it deletes fewer than a batch; returns the total. */
async function deleteInBatches(pool: pg.Pool, sql: string, params: unknown[]): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await pool.query(sql, [...params, pruneBatch]);
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < pruneBatch) return total;
  }
}

/**
 * Deletes the Idempotency-Key answers older than the retention; returns how many. A key is a
 * client's way to retry one request safely for a while (Stripe keeps them 24 h); kept for
 * ever, the table only grows and a key can never be used again.
 */
export function pruneIdempotencyKeys(pool: pg.Pool, retentionHours: number): Promise<number> {
  return deleteInBatches(
    pool,
    `DELETE FROM idempotency_keys k
      USING (SELECT api_key_id, key FROM idempotency_keys
              WHERE created_at < now() - make_interval(hours => $1)
              ORDER BY created_at LIMIT $2) AS expired
      WHERE k.api_key_id = expired.api_key_id AND k.key = expired.key`,
    [retentionHours],
  );
}

/**
 * Deletes processed and failed documents finished more than `retentionDays` ago; returns how
 * many. Unfinished ones are never touched (the row re-checks its status under the DELETE's
 * lock, so a failed document being retried is kept). No index serves this on purpose: one
 * on processed_at would cost every completion an index write, and a scan without ORDER BY
 * stops at the first batch of old rows, which sit at the front of the table.
 */
export function pruneDocuments(pool: pg.Pool, retentionDays: number): Promise<number> {
  return deleteInBatches(
    pool,
    `DELETE FROM documents d
      USING (SELECT id FROM documents
              WHERE status IN ('processed', 'failed')
                AND processed_at < now() - make_interval(days => $1)
              LIMIT $2) AS expired
      WHERE d.id = expired.id AND d.status IN ('processed', 'failed')`,
    [retentionDays],
  );
}

export interface RetentionSettings {
  idempotencyHours: number;
  /** 0 keeps documents for ever. */
  documentDays: number;
}

/** Prunes at start and then `intervalMs` after each prune ends (see Repeat). */
export class Retention {
  private readonly prunes: Repeat;

  constructor(
    private readonly pool: pg.Pool,
    private readonly settings: RetentionSettings,
    private readonly log: Logger,
    intervalMs = 15 * 60_000,
  ) {
    this.prunes = new Repeat(() => this.prune(), intervalMs);
  }

  start(): void {
    this.prunes.start(0);
  }

  stop(): Promise<void> {
    return this.prunes.stop();
  }

  private async prune(): Promise<void> {
    const { idempotencyHours, documentDays } = this.settings;
    await this.attempt('expired Idempotency-Keys', () => pruneIdempotencyKeys(this.pool, idempotencyHours));
    if (documentDays > 0) {
      await this.attempt(`documents finished over ${documentDays} days ago`, () =>
        pruneDocuments(this.pool, documentDays),
      );
    }
  }

  private async attempt(what: string, prune: () => Promise<number>): Promise<void> {
    try {
      const pruned = await prune();
      if (pruned > 0) this.log.info({ pruned }, `pruned ${pruned} ${what}`);
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, `pruning ${what} failed`);
    }
  }
}
