import { HeadroomError, InputError } from '../../common/errors.ts';
import { fetchFailure } from '../../common/fetch-failure.ts';

/**
 * Before spending a whole run on it: is the target answering, and does it take our key?
 * A wrong key would otherwise show up only as a 100% error rate at the end.
 */
export async function preflight(target: string, apiKey: string): Promise<void> {
  try {
    const health = await fetch(`${target}/healthz`, { signal: AbortSignal.timeout(5000) });
    if (!health.ok)
      throw new HeadroomError(`target ${target} is not healthy: /healthz answered ${health.status}`);
  } catch (error) {
    if (error instanceof HeadroomError) throw error;
    throw new HeadroomError(`target ${target} is not answering: ${fetchFailure(error)}`);
  }
  const probe = await fetch(`${target}/v1/documents/00000000-0000-0000-0000-000000000000`, {
    headers: { Authorization: `Bearer ${apiKey}` },
    signal: AbortSignal.timeout(5000),
  }).catch((error: unknown) => {
    throw new HeadroomError(`target ${target} is not answering: ${fetchFailure(error)}`);
  });
  if (probe.status === 401 || probe.status === 403) {
    throw new InputError(
      `the API key was rejected by ${target} (${probe.status}): pass the right one with --api-key`,
    );
  }
}
