/**
 * Where `scripts/services` runs the local stack (loopback only). Ports are off the
 * usual ones so a developer's own Redis or PostgreSQL is never touched.
 */
export const localServices = {
  redisUrl: 'redis://127.0.0.1:16379',
  databaseUrl: 'postgres://headroom:headroom@127.0.0.1:15432/headroom',
  prometheusUrl: 'http://127.0.0.1:19090',
  apiPort: 18080,
  workerMetricsPort: 18081,
  autoscalerMetricsPort: 18082,
  apiUrl: 'http://127.0.0.1:18080',
  /** The API key `scripts/services` and `headroom review` provision for the local stack only. */
  devApiKey: 'hr_dev_local_only_key',
} as const;

/** True for loopback hosts: load tests and reviews only ever target these. */
export function isLoopbackUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
