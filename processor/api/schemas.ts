import { maxMetadataDepth } from './ingest.ts';
import { rawContentTypes } from './parsers.ts';

export const documentInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['content'],
  properties: {
    content: { type: 'string', description: 'The document text (UTF-8).' },
    contentType: { type: 'string', enum: [...rawContentTypes], default: 'text/plain' },
    title: { type: 'string', maxLength: 1000 },
    source: { type: 'string', maxLength: 2000 },
    metadata: {
      type: 'object',
      additionalProperties: true,
      description: `Stored as given, not interpreted; at most ${maxMetadataDepth} levels deep.`,
    },
  },
} as const;

export const acceptedSchema = {
  type: 'object',
  required: ['id', 'status'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['queued', 'duplicate'] },
  },
} as const;

export const documentViewSchema = {
  type: 'object',
  required: ['id', 'status', 'acceptedAt', 'processedAt', 'timings', 'result', 'failureReason'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['queued', 'processing', 'processed', 'failed'] },
    acceptedAt: { type: 'string', format: 'date-time' },
    processedAt: { type: ['string', 'null'], format: 'date-time' },
    timings: {
      type: ['object', 'null'],
      additionalProperties: { type: 'number' },
      description: 'Milliseconds per pipeline stage, plus total.',
    },
    result: {
      type: ['object', 'null'],
      additionalProperties: true,
      description:
        'language, title, headings, wordCount, characterCount, readingTimeMinutes, links, emails, dates, keywords, categories, sha256',
    },
    failureReason: { type: ['string', 'null'] },
  },
} as const;

export const idParamsSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;
