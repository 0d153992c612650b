/** An error with an HTTP status and a stable machine code, answered as JSON `{code, message}`. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The one JSON shape every error answer has. */
export const errorSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'string' }, message: { type: 'string' } },
} as const;

const fastifyCodes: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_INVALID_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'empty_body'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_content_length'],
  FST_ERR_CTP_EMPTY_TYPE: [415, 'unsupported_media_type'],
};

/** Maps any error reaching Fastify's error handler to a status and `{code, message}`. */
export function toApiError(error: unknown, isDatabaseUnavailable: (e: unknown) => boolean): ApiError {
  if (error instanceof ApiError) return error;
  const e = error as { code?: string; statusCode?: number; message?: string; validation?: unknown };
  if (e.validation) return new ApiError(400, 'validation_failed', e.message ?? 'invalid request');
  if (e.code && fastifyCodes[e.code]) {
    const [status, code] = fastifyCodes[e.code];
    return new ApiError(status, code, e.message ?? code);
  }
  if (e.statusCode === 429) return new ApiError(429, 'rate_limited', e.message ?? 'rate limit exceeded');
  if (isDatabaseUnavailable(error)) {
    return new ApiError(503, 'database_unavailable', 'the document store is unavailable; retry later', {
      'retry-after': '5',
    });
  }
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return new ApiError(e.statusCode, e.code?.toLowerCase() ?? 'bad_request', e.message ?? 'bad request');
  }
  return new ApiError(500, 'internal_error', 'internal error');
}
