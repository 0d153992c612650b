import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors.ts';

export const rawContentTypes = ['text/plain', 'text/markdown', 'text/html'] as const;

// fatal: true — Fastify's own parsers decode with replacement characters, which would
// silently store a different document than the client sent.
const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new ApiError(400, 'invalid_utf8', 'the request body is not valid UTF-8');
  }
}

function checkCharset(contentType: string | undefined): void {
  const charset = /charset=("?)([^";]+)\1/i.exec(contentType ?? '')?.[2]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
    throw new ApiError(415, 'unsupported_charset', `only UTF-8 bodies are accepted, got charset=${charset}`);
  }
}

/** The 415 answer, naming what was sent (cut short: it is the client's string) and what is accepted. */
export function unsupportedMediaType(contentType: string | undefined): ApiError {
  const sent = contentType ? `Content-Type ${contentType.slice(0, 100)}` : 'a body without a Content-Type';
  return new ApiError(
    415,
    'unsupported_media_type',
    `${sent} is not accepted: send application/json, ${rawContentTypes.join(', ')} (UTF-8)`,
  );
}

/** Only JSON and the three raw text types are accepted; everything else is a 415. */
export function registerParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      checkCharset(request.headers['content-type']);
      const text = decode(body as Buffer);
      if (text.trim() === '') throw new ApiError(400, 'empty_body', 'the request body is empty');
      try {
        done(null, JSON.parse(text));
      } catch (error) {
        throw new ApiError(
          400,
          'invalid_json',
          `the request body is not valid JSON: ${(error as Error).message}`,
        );
      }
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser([...rawContentTypes], { parseAs: 'buffer' }, (request, body, done) => {
    try {
      checkCharset(request.headers['content-type']);
      done(null, decode(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
