import type pg from 'pg';
import { Batcher } from './batcher.ts';
import { valuesList } from './values.ts';
import type { ContentType } from './ingest-store.ts';

export interface ClaimedDocument {
  id: string;
  content: string;
  contentType: ContentType;
  title: string | null;
}

export interface ProcessedDocument {
  id: string;
  result: unknown;
  timings: Record<string, number>;
}

/**
 * The worker's side of the documents table. Claims, results and failures are each written
 * in batches (one statement for everything that arrives within a few milliseconds).
 */
export class WorkStore {
  private readonly claims: Batcher<string, ClaimedDocument | null>;
  private readonly completions: Batcher<ProcessedDocument, number | null>;
  private readonly failures: Batcher<{ id: string; reason: string }, void>;

  constructor(
    private readonly pool: pg.Pool,
    windowMs: number,
  ) {
    this.claims = new Batcher((ids) => this.claimBatch(ids), windowMs);
    this.completions = new Batcher((docs) => this.completeBatch(docs), windowMs);
    this.failures = new Batcher((fails) => this.failBatch(fails), windowMs);
  }

  /** Marks a document processing and returns it; null when it is finished already (a re-enqueued job). */
  claim(id: string): Promise<ClaimedDocument | null> {
    return this.claims.add(id);
  }

  /** Persists a result; returns seconds from acceptance to processed, or null if it was finished before. */
  complete(doc: ProcessedDocument): Promise<number | null> {
    return this.completions.add(doc);
  }

  fail(id: string, reason: string): Promise<void> {
    return this.failures.add({ id, reason });
  }

  async drain(): Promise<void> {
    await Promise.all([this.claims.drain(), this.completions.drain(), this.failures.drain()]);
  }

  private async claimBatch(ids: string[]): Promise<Array<ClaimedDocument | null>> {
    const { rows } = await this.pool.query<{
      id: string;
      content: string;
      content_type: ContentType;
      title: string | null;
    }>(
      `UPDATE documents d SET status = 'processing', started_at = now(), attempts = d.attempts + 1
         FROM unnest($1::uuid[]) AS claimed(id)
        WHERE d.id = claimed.id AND d.status IN ('queued', 'processing')
        RETURNING d.id, d.content, d.content_type, d.title`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => {
      const r = byId.get(id);
      return r ? { id: r.id, content: r.content, contentType: r.content_type, title: r.title } : null;
    });
  }

  private async completeBatch(docs: ProcessedDocument[]): Promise<Array<number | null>> {
    const values = valuesList(
      docs.map((d) => [d.id, JSON.stringify(d.result), JSON.stringify(d.timings)]),
      ['uuid', 'jsonb', 'jsonb'],
    );
    const { rows } = await this.pool.query<{ id: string; seconds: number }>(
      `UPDATE documents d SET status = 'processed', processed_at = now(), result = v.result, timings = v.timings,
              failure_reason = NULL
         FROM (${values.sql}) AS v(id, result, timings)
        WHERE d.id = v.id AND d.status IN ('queued', 'processing')
        RETURNING d.id, extract(epoch FROM d.processed_at - d.accepted_at)::float8 AS seconds`,
      values.params,
    );
    const byId = new Map(rows.map((r) => [r.id, r.seconds]));
    return docs.map((d) => byId.get(d.id) ?? null);
  }

  private async failBatch(fails: Array<{ id: string; reason: string }>): Promise<void[]> {
    await this.pool.query(
      `UPDATE documents d SET status = 'failed', processed_at = now(), failure_reason = v.reason
         FROM unnest($1::uuid[], $2::text[]) AS v(id, reason)
        WHERE d.id = v.id AND d.status IN ('queued', 'processing')`,
      [fails.map((f) => f.id), fails.map((f) => f.reason)],
    );
    return fails.map(() => undefined);
  }
}
