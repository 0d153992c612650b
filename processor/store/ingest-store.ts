import type pg from 'pg';
import { Batcher } from './batcher.ts';
import { valuesList } from './values.ts';

export type ContentType = 'text/plain' | 'text/markdown' | 'text/html';

export interface NewDocument {
  id: string;
  content: string;
  contentType: ContentType;
  title: string | null;
  source: string | null;
  metadata: Record<string, unknown> | null;
  sha256: string;
  /** When set, the answer is recorded with the document, in the same transaction. */
  idempotency?: { apiKeyId: number; key: string };
}

/** What reserving an Idempotency-Key found: it is ours now, answered before, or being answered. */
export type IdempotencyReservation =
  { kind: 'reserved' } | { kind: 'replay'; statusCode: number; body: unknown } | { kind: 'in-progress' };

/** What the API answers: the stored answer for a replayed Idempotency-Key, or the new one. */
export interface IngestAnswer {
  statusCode: number;
  body: { id: string; status: 'queued' | 'duplicate' };
  /** True when the row was inserted now (the caller enqueues it). */
  inserted: boolean;
}

/**
 * Inserts documents with group commit. A document whose content hash already exists is a
 * duplicate of that row; a replayed Idempotency-Key gets the answer stored the first time.
 */
export class IngestStore {
  private readonly batcher: Batcher<NewDocument, IngestAnswer>;
  /** Reservations this process holds: the row's created_at (as PostgreSQL prints it), by key. */
  private readonly held = new Map<string, string>();
  /**
   * Reservations whose request failed and which this process could not free or answer (the
   * database was down): the client's retry, once it is back, takes its own over at once
   * instead of waiting out the abandonment limit. Oldest first; pruned past that limit.
   */
  private readonly unsettled = new Map<string, { createdAt: string; since: number }>();

  constructor(
    private readonly pool: pg.Pool,
    windowMs: number,
  ) {
    this.batcher = new Batcher((items) => this.insertBatch(items), windowMs);
  }

  insert(doc: NewDocument): Promise<IngestAnswer> {
    return this.batcher.add(doc);
  }

  drain(): Promise<void> {
    return this.batcher.drain();
  }

  /**
   * Puts a `failed` document back in the queue: status queued, reason cleared (attempts keep
   * counting). Resubmitting the content cannot do this: it answers `duplicate`. The caller
   * enqueues after this commit; the relay covers a lost enqueue as for any queued row.
   */
  async requeueFailed(id: string): Promise<{ status: string | null; requeued: boolean }> {
    // The status check sits on the updated row too, so two retries at once requeue it once
    // (the second sees status "failed" from before and requeued false).
    const { rows } = await this.pool.query<{ status: string; requeued: boolean }>(
      `WITH doc AS (SELECT id, status FROM documents WHERE id = $1),
            requeued AS (
              UPDATE documents d
                 SET status = 'queued', failure_reason = NULL, started_at = NULL, processed_at = NULL
                FROM doc
               WHERE d.id = doc.id AND d.status = 'failed'
              RETURNING d.id)
       SELECT doc.status, EXISTS (SELECT 1 FROM requeued) AS requeued FROM doc`,
      [id],
    );
    return rows[0] ?? { status: null, requeued: false };
  }

  /**
   * Reserves an Idempotency-Key for a request whose answer is not stored with a document (the
   * batch route), so that a second request with the key, sent while the first is still being
   * answered, does not run too: it finds the key in progress. A reservation left by a request
   * that never answered (its process died) is taken over after `abandonedAfterSeconds`.
   */
  async reserveIdempotent(
    apiKeyId: number,
    key: string,
    abandonedAfterSeconds = 60,
  ): Promise<IdempotencyReservation> {
    const id = keyId(apiKeyId, key);
    for (const [stale, { since }] of this.unsettled) {
      if (since > Date.now() - abandonedAfterSeconds * 1000) break;
      this.unsettled.delete(stale);
    }
    // status_code 0 marks a reservation. A reservation committed after this statement's
    // snapshot is not in the second SELECT: no row at all means another request just took it.
    // $4 is this process's own unsettled reservation of the key, matched exactly (microseconds
    // and all, as text), so that one held by another replica since is never taken.
    const { rows } = await this.pool.query<{
      reserved: boolean;
      created_at: string;
      status_code: number;
      body: unknown;
    }>(
      `WITH reserved AS (
         INSERT INTO idempotency_keys AS k (api_key_id, key, status_code, body) VALUES ($1, $2, 0, 'null')
         ON CONFLICT (api_key_id, key) DO UPDATE SET created_at = now()
           WHERE k.status_code = 0
             AND (k.created_at < now() - make_interval(secs => $3) OR k.created_at = $4::timestamptz)
         RETURNING true AS reserved, created_at::text)
       SELECT reserved, created_at, 0 AS status_code, NULL::jsonb AS body FROM reserved
       UNION ALL
       SELECT false, created_at::text, status_code, body FROM idempotency_keys
        WHERE api_key_id = $1 AND key = $2 AND NOT EXISTS (SELECT 1 FROM reserved)`,
      [apiKeyId, key, abandonedAfterSeconds, this.unsettled.get(id)?.createdAt ?? null],
    );
    const row = rows[0];
    if (row?.reserved) {
      this.unsettled.delete(id);
      this.held.set(id, row.created_at);
      return { kind: 'reserved' };
    }
    if (!row || row.status_code === 0) return { kind: 'in-progress' };
    return { kind: 'replay', statusCode: row.status_code, body: row.body };
  }

  /** Stores the answer of a request that reserved its key; replays of the key get it from now on. */
  async rememberIdempotent(apiKeyId: number, key: string, statusCode: number, body: unknown): Promise<void> {
    await this.settle(apiKeyId, key, () =>
      this.pool.query(
        `UPDATE idempotency_keys SET status_code = $3, body = $4
          WHERE api_key_id = $1 AND key = $2 AND status_code = 0`,
        [apiKeyId, key, statusCode, JSON.stringify(body)],
      ),
    );
  }

  /** Frees a reserved key whose request failed before it had an answer, so the client can retry it. */
  async releaseIdempotent(apiKeyId: number, key: string): Promise<void> {
    await this.settle(apiKeyId, key, () =>
      this.pool.query('DELETE FROM idempotency_keys WHERE api_key_id = $1 AND key = $2 AND status_code = 0', [
        apiKeyId,
        key,
      ]),
    );
  }

  /** Runs the statement that ends a reservation; one that fails leaves it unsettled (see `unsettled`). */
  private async settle(apiKeyId: number, key: string, statement: () => Promise<unknown>): Promise<void> {
    const id = keyId(apiKeyId, key);
    const createdAt = this.held.get(id);
    this.held.delete(id);
    try {
      await statement();
    } catch (error) {
      if (createdAt !== undefined) {
        // Deleted first so the map stays oldest first (set on an existing key keeps its place).
        this.unsettled.delete(id);
        this.unsettled.set(id, { createdAt, since: Date.now() });
      }
      throw error;
    }
  }

  private async insertBatch(items: NewDocument[]): Promise<IngestAnswer[]> {
    const answers: Array<IngestAnswer | undefined> = new Array(items.length);
    // Without Idempotency-Keys the whole batch is one INSERT, atomic on its own: one round
    // trip and one WAL flush. With keys, the answers are stored in the same transaction.
    const transactional = items.some((d) => d.idempotency);
    const client = await this.pool.connect();
    try {
      if (transactional) await client.query('BEGIN');
      // 1. Replays: keys answered before (or earlier in this batch) get that answer again.
      const keyed = items.map((d, i) => ({ d, i })).filter(({ d }) => d.idempotency);
      const firstByKey = new Map<string, number>();
      if (keyed.length > 0) {
        const { rows } = await client.query<{
          api_key_id: number;
          key: string;
          status_code: number;
          body: IngestAnswer['body'];
        }>(
          `SELECT k.api_key_id, k.key, k.status_code, k.body FROM idempotency_keys k
             JOIN unnest($1::int[], $2::text[]) AS q(api_key_id, key) USING (api_key_id, key)`,
          [keyed.map(({ d }) => d.idempotency!.apiKeyId), keyed.map(({ d }) => d.idempotency!.key)],
        );
        const stored = new Map(rows.map((r) => [keyId(r.api_key_id, r.key), r]));
        for (const { d, i } of keyed) {
          const name = keyName(d);
          const hit = stored.get(name);
          if (hit) answers[i] = { statusCode: hit.status_code, body: hit.body, inserted: false };
          else if (!firstByKey.has(name)) firstByKey.set(name, i);
        }
      }
      // 2. Within the batch, the first document with a given hash is the one inserted.
      const firstByHash = new Map<string, number>();
      for (let i = 0; i < items.length; i++) {
        if (answers[i] || isLaterReplay(items, i, firstByKey)) continue;
        if (!firstByHash.has(items[i].sha256)) firstByHash.set(items[i].sha256, i);
      }
      const candidates = [...firstByHash.values()].map((i) => items[i]);
      const inserted = new Map<string, string>();
      if (candidates.length > 0) {
        const values = valuesList(
          candidates.map((d) => [
            d.id,
            d.content,
            d.contentType,
            d.title,
            d.source,
            d.metadata ? JSON.stringify(d.metadata) : null,
            d.sha256,
          ]),
          ['uuid', 'text', 'text', 'text', 'text', 'jsonb', 'text'],
        );
        const { rows } = await client.query<{ id: string; content_sha256: string }>(
          `INSERT INTO documents (id, content, content_type, title, source, metadata, content_sha256)
           ${values.sql}
           ON CONFLICT (content_sha256) DO NOTHING
           RETURNING id, content_sha256`,
          values.params,
        );
        for (const r of rows) inserted.set(r.content_sha256, r.id);
      }
      // 3. Everything else with a hash is a duplicate of the row that holds it.
      const missing = [
        ...new Set(items.filter((d, i) => !answers[i] && !inserted.has(d.sha256)).map((d) => d.sha256)),
      ];
      const existing = new Map<string, string>();
      if (missing.length > 0) {
        const { rows } = await client.query<{ id: string; content_sha256: string }>(
          'SELECT id, content_sha256 FROM documents WHERE content_sha256 = ANY($1::text[])',
          [missing],
        );
        for (const r of rows) existing.set(r.content_sha256, r.id);
      }
      for (let i = 0; i < items.length; i++) {
        if (answers[i] || isLaterReplay(items, i, firstByKey)) continue;
        const d = items[i];
        const newId = inserted.get(d.sha256);
        if (newId === d.id) {
          answers[i] = { statusCode: 202, body: { id: d.id, status: 'queued' }, inserted: true };
        } else {
          const id = newId ?? existing.get(d.sha256);
          if (!id) throw new Error(`document with hash ${d.sha256} vanished during insert`);
          answers[i] = { statusCode: 200, body: { id, status: 'duplicate' }, inserted: false };
        }
      }
      // 4. A key repeated inside the batch replays its first occurrence.
      for (let i = 0; i < items.length; i++) {
        if (answers[i]) continue;
        const first = answers[firstByKey.get(keyName(items[i]))!]!;
        answers[i] = { ...first, inserted: false };
      }
      // 5. Remember the answers for new keys, in the same transaction as the documents.
      const toRemember = [...firstByKey.values()];
      if (toRemember.length > 0) {
        await client.query(
          `INSERT INTO idempotency_keys (api_key_id, key, status_code, body)
             SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::jsonb[]) ON CONFLICT DO NOTHING`,
          [
            toRemember.map((i) => items[i].idempotency!.apiKeyId),
            toRemember.map((i) => items[i].idempotency!.key),
            toRemember.map((i) => answers[i]!.statusCode),
            toRemember.map((i) => JSON.stringify(answers[i]!.body)),
          ],
        );
      }
      if (transactional) await client.query('COMMIT');
      return answers as IngestAnswer[];
    } catch (error) {
      if (transactional) await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/** An Idempotency-Key as the in-memory maps name it: keys are per API key. */
function keyId(apiKeyId: number, key: string): string {
  return `${apiKeyId}:${key}`;
}

function keyName(d: NewDocument): string {
  return d.idempotency ? keyId(d.idempotency.apiKeyId, d.idempotency.key) : '';
}

function isLaterReplay(items: NewDocument[], i: number, firstByKey: Map<string, number>): boolean {
  const d = items[i];
  if (!d.idempotency) return false;
  const first = firstByKey.get(keyName(d));
  return first !== undefined && first !== i;
}
