import { HeadroomError } from '../common/errors.ts';

/**
 * Wraps a command's action: a HeadroomError becomes one clear line on stderr and its exit
 * code; anything else is a bug and keeps its stack.
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void) {
  return async (...args: A): Promise<void> => {
    try {
      await fn(...args);
    } catch (error) {
      if (error instanceof HeadroomError) {
        process.stderr.write(`headroom: ${error.message}\n`);
        process.exitCode = error.exitCode;
        return;
      }
      throw error;
    }
  };
}

/** The one machine-readable document a `--json` command prints. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
