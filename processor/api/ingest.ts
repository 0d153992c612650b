import { createHash, randomUUID } from 'node:crypto';
import type { IngestAnswer, IngestStore, NewDocument, ContentType } from '../store/ingest-store.ts';
import { ApiError } from './errors.ts';

/** A document as the client sends it (after schema validation). */
export interface DocumentInput {
  content: string;
  contentType?: ContentType;
  title?: string;
  source?: string;
  metadata?: Record<string, unknown>;
}

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v));
  }
  return false;
}

/**
 * The checks a schema cannot express. NUL bytes are refused rather than stripped:
 * PostgreSQL text cannot hold them, and silently changing a document is worse than a 400.
 */
export function toNewDocument(input: DocumentInput): NewDocument {
  if (input.content.trim() === '') throw new ApiError(400, 'empty_content', 'content is empty');
  if (hasNul(input)) throw new ApiError(400, 'invalid_content', 'the document contains NUL bytes');
  return {
    id: randomUUID(),
    content: input.content,
    contentType: input.contentType ?? 'text/plain',
    title: input.title ?? null,
    source: input.source ?? null,
    metadata: input.metadata ?? null,
    sha256: createHash('sha256').update(input.content).digest('hex'),
  };
}

const idempotencyKeyPattern = /^[A-Za-z0-9_.:-]{1,200}$/;

export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header) || !idempotencyKeyPattern.test(header)) {
    throw new ApiError(
      400,
      'invalid_idempotency_key',
      'Idempotency-Key must be 1-200 letters, digits or . _ : -',
    );
  }
  return header;
}

export interface Ingestor {
  store: IngestStore;
  enqueue(id: string): void;
}

/** Stores one document (group commit) and, once committed, hands it to the queue. */
export async function ingest(ingestor: Ingestor, doc: NewDocument): Promise<IngestAnswer> {
  const answer = await ingestor.store.insert(doc);
  if (answer.inserted) ingestor.enqueue(answer.body.id);
  return answer;
}
