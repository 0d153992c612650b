/**
 * An error the CLI reports as one clear line, with an exit code.
 * Everything else reaching the top level is a bug and keeps its stack.
 */
export class HeadroomError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'HeadroomError';
    this.exitCode = exitCode;
  }
}

/** Bad input from the user (arguments, files, config): exit code 2. */
export class InputError extends HeadroomError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'InputError';
  }
}
