/**
 * What is wrong with an API key, or null. Clients send it as `Authorization: Bearer <key>`, so
 * one with a space, a control character or a non-ASCII letter could be configured but never
 * sent: every request would be a 401. The words never show the key. `headroom serve` and the
 * Pulumi stack config hold keys to this one rule.
 */
export function apiKeyProblem(key: string): string | null {
  if (key.length < 12) return 'must be at least 12 characters';
  if (key.length > 1024) return 'must be at most 1024 characters';
  if (!/^[\x21-\x7e]+$/.test(key))
    return 'must be printable ASCII without spaces (it is sent as a bearer token)';
  return null;
}
