import { readFileSync, statSync, type Stats } from 'node:fs';

/** Larger than any trace, summary, config or rules file this tool reads (a year of 1-minute steps is ~16 MB). */
const maxInputBytes = 100 * 1024 * 1024;

/**
 * Reads a file the user named as input. It must be a regular file of reasonable size: a device
 * or a FIFO (`--loadtest /dev/zero`) never ends: reading one was still going after 20 s.
 * Throws an Error whose message is the reason in a few words ("no such file", "is a folder"),
 * for the caller to put in its own one-line message.
 */
export function readInputFile(file: string | URL): string {
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message), {
      cause: error,
    });
  }
  if (stat.isDirectory()) throw new Error('is a folder');
  if (!stat.isFile()) throw new Error('is not a regular file');
  if (stat.size > maxInputBytes)
    throw new Error(
      `is ${Math.round(stat.size / 1024 / 1024)} MB, more than the ${maxInputBytes / 1024 / 1024} MB read`,
    );
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error((error as NodeJS.ErrnoException).code ?? (error as Error).message, { cause: error });
  }
}
