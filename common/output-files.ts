import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.ts';

/**
 * `mkdir -p` for a folder the user named, made one level at a time. Node's own recursive
 * mkdir never returns where the kernel answers ENOENT under a parent that exists (any path
 * below /proc: `headroom dashboards render --out /proc/x` spun at 100 % CPU), so here an
 * ENOENT is final. Every failure is an InputError naming `flag`.
 */
export function makeDirectory(dir: string, flag: string): void {
  const fail = (why: string): never => {
    throw new InputError(`${flag}: cannot use ${dir} as a folder (${why})`);
  };
  const missing: string[] = [];
  for (let at = path.resolve(dir); !existsSync(at); at = path.dirname(at)) {
    missing.unshift(at);
    if (path.dirname(at) === at) break;
  }
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      // EEXIST is fine when someone made the folder meanwhile, not for a dangling symlink.
      if (code !== 'EEXIST' || !existsSync(level)) fail(`${code} at ${level}`);
    }
  }
  if (!statSync(dir).isDirectory()) fail('it is a file');
}

/** Makes the folder of an output file the user named and refuses a path that is a folder. */
export function prepareOutputFile(file: string, flag: string): void {
  makeDirectory(path.dirname(path.resolve(file)), flag);
  if (existsSync(file) && statSync(file).isDirectory())
    throw new InputError(`${flag}: ${file} is a folder, not a file`);
}

/** Writes an output file the user named; a failure (no space, no permission) is one line. */
export function writeOutputFile(file: string, text: string, flag: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new InputError(
      `${flag}: cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}
