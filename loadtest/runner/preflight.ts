import { HeadroomError, InputError } from '../../common/errors.ts';
import { fetchFailure } from '../../common/fetch-failure.ts';

/**
 * Before spending a whole run on it: is the target answering, and does it take our key?
 * A wrong key would otherwise show up only as a 100% error rate at the end.
 */
export async function preflight(target: string, apiKey: string): Promise<void> {
  const reach = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${target}${path}`, { headers, signal: AbortSignal.timeout(5000) }).catch((error: unknown) => {
      throw new HeadroomError(`target ${target} is not answering: ${fetchFailure(error)}`);
    });
  const health = await reach('/healthz');
  if (!health.ok)
    throw new HeadroomError(`target ${target} is not healthy: /healthz answered ${health.status}`);
  const probe = await reach('/v1/documents/00000000-0000-0000-0000-000000000000', {
    Authorization: `Bearer ${apiKey}`,
  });
  if (probe.status === 401 || probe.status === 403) {
    throw new InputError(
      `the API key was rejected by ${target} (${probe.status}): pass the right one with --api-key`,
    );
  }
}
