/**
 * Why a fetch() failed, in a few words: undici says only "fetch failed" and keeps the reason
 * (ECONNREFUSED, ENOTFOUND, …) in `cause`; an AbortSignal.timeout ends in a TimeoutError.
 */
export function fetchFailure(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'no answer in time';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}
