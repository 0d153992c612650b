import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { HeadroomError } from '../common/errors.ts';
import { toolsDir } from '../common/paths.ts';

/** The pinned k6 that scripts/tools/k6 builds (keep in step with that script). */
export const k6Version = 'v1.8.1';

/** Path to the project's k6 binary; a clear error when it has not been built yet. */
export function k6Path(): string {
  const file = process.env.HEADROOM_K6 || path.join(toolsDir, 'bin', 'k6');
  try {
    accessSync(file, constants.X_OK);
  } catch {
    throw new HeadroomError(`k6 is not installed at ${file}: run scripts/setup (it builds k6 ${k6Version})`);
  }
  return file;
}
