import { HeadroomError, InputError } from '../../common/errors.ts';

/**
 * Before spending a whole run on it: is the target answering, and does it take our key?
 * A wrong key would otherwise show up only as a 100% error rate at the end.
 */
export async function preflight(target: string, apiKey: string): Promise<void> {
  try {
    const health = await fetch(`${target}/healthz`, { signal: AbortSignal.timeout(5000) });
    if (!health.ok) throw new Error(`/healthz answered ${health.status}`);
  } catch (error) {
    throw new HeadroomError(`target ${target} is not answering: ${(error as Error).message}`);
  }
  const probe = await fetch(`${target}/v1/documents/00000000-0000-0000-0000-000000000000`, {
    headers: { Authorization: `Bearer ${apiKey}` },
    signal: AbortSignal.timeout(5000),
  }).catch((error: Error) => {
    throw new HeadroomError(`target ${target} is not answering: ${error.message}`);
  });
  if (probe.status === 401 || probe.status === 403) {
    throw new InputError(
      `the API key was rejected by ${target} (${probe.status}): pass the right one with --api-key`,
    );
  }
}
