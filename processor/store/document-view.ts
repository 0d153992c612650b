import type pg from 'pg';

/** The public shape of GET /v1/documents/:id. */
export interface DocumentView {
  id: string;
  status: 'queued' | 'processing' | 'processed' | 'failed';
  acceptedAt: string;
  processedAt: string | null;
  timings: Record<string, number> | null;
  result: Record<string, unknown> | null;
  failureReason: string | null;
}

export async function getDocument(pool: pg.Pool, id: string): Promise<DocumentView | null> {
  const { rows } = await pool.query<{
    id: string;
    status: DocumentView['status'];
    accepted_at: Date;
    processed_at: Date | null;
    timings: Record<string, number> | null;
    result: Record<string, unknown> | null;
    failure_reason: string | null;
  }>(
    'SELECT id, status, accepted_at, processed_at, timings, result, failure_reason FROM documents WHERE id = $1',
    [id],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    status: r.status,
    acceptedAt: r.accepted_at.toISOString(),
    processedAt: r.processed_at ? r.processed_at.toISOString() : null,
    timings: r.timings,
    result: r.result,
    failureReason: r.failure_reason,
  };
}
