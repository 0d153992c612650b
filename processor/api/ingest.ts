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

/**
 * Metadata is stored as given, but not at any depth: walking a 5,000-level object overflowed
 * the stack (a 500), and PostgreSQL's jsonb has a depth limit of its own. Real metadata is a
 * few levels deep.
 */
export const maxMetadataDepth = 32;

const nulBytes = () => new ApiError(400, 'invalid_content', 'the document contains NUL bytes');

/**
 * What is wrong with the strings or the nesting of a document, or null. A loop with its own
 * stack rather than recursion, so no input can overflow the call stack.
 */
function checkValues(input: DocumentInput): ApiError | null {
  // The document is depth 0, so metadata's own keys are depth 1.
  const pending: Array<{ value: unknown; depth: number }> = [{ value: input, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, depth } = next;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return nulBytes();
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (depth > maxMetadataDepth) {
      return new ApiError(
        400,
        'invalid_metadata',
        `metadata is nested more than ${maxMetadataDepth} levels deep`,
      );
    }
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\u0000')) return nulBytes();
      pending.push({ value: child, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * The checks a schema cannot express. NUL bytes are refused rather than stripped:
 * PostgreSQL text cannot hold them, and silently changing a document is worse than a 400.
 */
export function toNewDocument(input: DocumentInput): NewDocument {
  if (input.content.trim() === '') throw new ApiError(400, 'empty_content', 'content is empty');
  const problem = checkValues(input);
  if (problem) throw problem;
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
