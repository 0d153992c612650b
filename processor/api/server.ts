import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { Logger } from 'pino';
import type pg from 'pg';
import type { ProcessorConfig } from '../config.ts';
import type { ApiMetrics, DocumentOutcome } from '../metrics/api-metrics.ts';
import type { ApiKeys } from '../store/api-keys.ts';
import { isDatabaseUnavailable } from '../store/db.ts';
import { getDocument } from '../store/document-view.ts';
import type { IngestAnswer } from '../store/ingest-store.ts';
import type { QueueDepthGuard } from './backpressure.ts';
import { ApiError, errorSchema, toApiError } from './errors.ts';
import { ingest, parseIdempotencyKey, toNewDocument, type DocumentInput, type Ingestor } from './ingest.ts';
import { rawContentTypes, registerParsers, unsupportedMediaType } from './parsers.ts';
import { acceptedSchema, documentInputSchema, documentViewSchema, idParamsSchema } from './schemas.ts';

export interface ApiDeps {
  config: Pick<
    ProcessorConfig,
    'bodyLimitBytes' | 'batchMax' | 'rateLimitPerMinute' | 'idempotencyRetentionHours'
  >;
  log: Logger;
  pool: pg.Pool;
  apiKeys: ApiKeys;
  ingestor: Ingestor;
  guard: QueueDepthGuard;
  metrics: ApiMetrics;
  /** Readiness: throws when Redis is unreachable. */
  pingRedis: () => Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    apiKeyId?: number;
    outcomes?: DocumentOutcome[];
  }
}

const errorResponses = {
  400: errorSchema,
  401: errorSchema,
  413: errorSchema,
  415: errorSchema,
  429: errorSchema,
  503: errorSchema,
};

/** The routes that receive documents (counted by outcome); a retry is not a new document. */
const ingestRoutes = new Set(['/v1/documents', '/v1/documents/batch']);

function statusClass(code: number): string {
  return `${Math.floor(code / 100)}xx`;
}

export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const { config, log, pool, apiKeys, ingestor, guard, metrics } = deps;
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // Per-request log lines cost more than the request at load-test rates; errors still log.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    // Unknown fields are refused, not silently dropped; types are not coerced.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  registerParsers(app);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Headroom document processor', version: '1.0.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });

  app.setErrorHandler((error, request, reply) => {
    let apiError = toApiError(error, isDatabaseUnavailable);
    if (apiError.code === 'unsupported_media_type') {
      apiError = unsupportedMediaType(request.headers['content-type']);
    }
    if (apiError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    void reply
      .code(apiError.statusCode)
      .headers(apiError.headers)
      .send({ code: apiError.code, message: apiError.message });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .send({ code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` });
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.httpDuration.labels(route, request.method, statusClass(reply.statusCode)).observe(seconds);
    if (request.method === 'POST' && ingestRoutes.has(route)) {
      const outcomes = request.outcomes ?? [outcomeFor(reply.statusCode)];
      for (const o of outcomes) metrics.received.labels(o).inc();
    }
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const checks = await Promise.allSettled([pool.query('SELECT 1'), deps.pingRedis()]);
    const [postgres, redis] = checks.map((c) => (c.status === 'fulfilled' ? 'ok' : 'unreachable'));
    const ready = postgres === 'ok' && redis === 'ok';
    return reply
      .code(ready ? 200 : 503)
      .send(
        ready
          ? { status: 'ready', postgres, redis }
          : { code: 'not_ready', message: `postgres ${postgres}, redis ${redis}` },
      );
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/docs/json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(async (v1) => {
    v1.addHook('onRequest', async (request) => {
      const header = request.headers.authorization;
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
      if (!match)
        throw new ApiError(401, 'unauthorized', 'missing bearer API key (Authorization: Bearer <key>)');
      const id = await apiKeys.lookup(match[1]);
      if (id === null) throw new ApiError(401, 'unauthorized', 'invalid API key');
      request.apiKeyId = id;
    });
    await v1.register(rateLimit, {
      global: true,
      // After authentication (onRequest), before the body is read.
      hook: 'preParsing',
      max: config.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request: FastifyRequest) => `key:${request.apiKeyId}`,
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        code: 'rate_limited',
        message: `rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}`,
      }),
    });

    const security = [{ bearer: [] }];
    const idempotencyHeader = {
      type: 'object',
      properties: {
        'idempotency-key': {
          type: 'string',
          description: `1-200 letters, digits or . _ : -; a replay answers what the first request got, for ${config.idempotencyRetentionHours} h`,
        },
      },
    } as const;
    v1.post(
      '/v1/documents',
      {
        schema: {
          summary: 'Submit one document',
          security,
          headers: idempotencyHeader,
          body: {
            content: {
              'application/json': { schema: documentInputSchema },
              ...Object.fromEntries(rawContentTypes.map((t) => [t, { schema: { type: 'string' } }])),
            },
          },
          response: { 200: acceptedSchema, 202: acceptedSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        guard.check();
        const key = parseIdempotencyKey(request.headers['idempotency-key']);
        const input: DocumentInput =
          typeof request.body === 'string'
            ? { content: request.body, contentType: mediaType(request) }
            : (request.body as DocumentInput);
        const doc = toNewDocument(input);
        if (key) doc.idempotency = { apiKeyId: request.apiKeyId!, key };
        const answer = await ingest(ingestor, doc);
        request.outcomes = [answerOutcome(answer)];
        return reply.code(answer.statusCode).send(answer.body);
      },
    );

    v1.post(
      '/v1/documents/batch',
      {
        schema: {
          summary: `Submit up to ${config.batchMax} documents; results in input order`,
          security,
          headers: idempotencyHeader,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['documents'],
            properties: {
              documents: {
                type: 'array',
                minItems: 1,
                maxItems: config.batchMax,
                items: documentInputSchema,
              },
            },
          },
          response: {
            202: {
              type: 'object',
              properties: {
                results: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { id: { type: 'string' }, status: { type: 'string' }, error: errorSchema },
                  },
                },
              },
            },
            409: errorSchema,
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        guard.check();
        const key = parseIdempotencyKey(request.headers['idempotency-key']);
        const apiKeyId = request.apiKeyId!;
        // '/' is not allowed in a client's key, so a batch's keys never meet the other route's.
        const idempotencyKey = key && `batch/${key}`;
        if (idempotencyKey) {
          const found = await ingestor.store.reserveIdempotent(apiKeyId, idempotencyKey);
          if (found.kind === 'replay') return reply.code(found.statusCode).send(found.body);
          if (found.kind === 'in-progress')
            throw new ApiError(
              409,
              'idempotency_key_in_use',
              'a batch with this Idempotency-Key is still being answered; send it again once that one has its answer',
              { 'retry-after': '1' },
            );
        }
        const { documents } = request.body as { documents: DocumentInput[] };
        const outcomes: DocumentOutcome[] = [];
        let results;
        try {
          results = await Promise.all(
            documents.map(async (input) => {
              let doc;
              try {
                doc = toNewDocument(input);
              } catch (error) {
                if (!(error instanceof ApiError)) throw error;
                outcomes.push('rejected');
                return { error: { code: error.code, message: error.message } };
              }
              const answer = await ingest(ingestor, doc);
              outcomes.push(answerOutcome(answer));
              return answer.body;
            }),
          );
        } catch (error) {
          if (idempotencyKey)
            await ingestor.store.releaseIdempotent(apiKeyId, idempotencyKey).catch(() => undefined);
          throw error;
        }
        request.outcomes = outcomes;
        const body = { results };
        if (idempotencyKey) await ingestor.store.rememberIdempotent(apiKeyId, idempotencyKey, 202, body);
        return reply.code(202).send(body);
      },
    );

    v1.post(
      '/v1/documents/:id/retry',
      {
        schema: {
          summary: 'Queue a failed document again (its content is kept; resubmitting it is a duplicate)',
          security,
          params: idParamsSchema,
          response: { 202: acceptedSchema, 409: errorSchema, 404: errorSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        guard.check();
        const { id } = request.params as { id: string };
        const { status, requeued } = await ingestor.store.requeueFailed(id);
        if (status === null) throw new ApiError(404, 'not_found', `no document ${id}`);
        // Still "failed" but not requeued: a concurrent retry requeued it first; same answer.
        if (!requeued && status !== 'failed')
          throw new ApiError(
            409,
            'not_failed',
            `document ${id} is ${status}; only failed documents can be retried`,
          );
        ingestor.enqueue(id);
        return reply.code(202).send({ id, status: 'queued' });
      },
    );

    v1.get(
      '/v1/documents/:id',
      {
        schema: {
          summary: 'A document: status, timings, extracted metadata, failure reason',
          security,
          params: idParamsSchema,
          response: { 200: documentViewSchema, 400: errorSchema, 401: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { id } = request.params as { id: string };
        const doc = await getDocument(pool, id);
        if (!doc) throw new ApiError(404, 'not_found', `no document ${id}`);
        return doc;
      },
    );
  });

  return app;
}

function mediaType(request: FastifyRequest): DocumentInput['contentType'] {
  return (request.headers['content-type'] ?? 'text/plain')
    .split(';')[0]
    .trim()
    .toLowerCase() as DocumentInput['contentType'];
}

function answerOutcome(answer: IngestAnswer): DocumentOutcome {
  return answer.body.status === 'duplicate' ? 'duplicate' : 'accepted';
}

function outcomeFor(status: number): DocumentOutcome {
  if (status === 429 || status === 503) return 'throttled';
  if (status >= 400) return 'rejected';
  return 'accepted';
}
