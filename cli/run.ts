import { InvalidArgumentError } from 'commander';
import { HeadroomError } from '../common/errors.ts';

/**
 * Wraps a command's action: a HeadroomError becomes one clear line on stderr and its exit
 * code; anything else is a bug and keeps its stack. `exitOnError`: the process ends with the
 * line, for services whose failed start can leave a socket open (a PostgreSQL connection
 * refused a password waits out the server's 60 s authentication_timeout).
 */
export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<void> | void,
  { exitOnError = false } = {},
) {
  return async (...args: A): Promise<void> => {
    try {
      await fn(...args);
    } catch (error) {
      if (error instanceof HeadroomError) {
        process.stderr.write(`headroom: ${error.message}\n`);
        if (exitOnError) process.exit(error.exitCode);
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

/**
 * Commander parser for an option naming a file or folder: an empty value (`--out ""`, or an
 * unset shell variable) is refused, where it would otherwise silently mean "not given" and the
 * chart or report would not be written, or be written to the default place.
 */
export function pathArgument(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('It must name a file or folder.');
  return value;
}
