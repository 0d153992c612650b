import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../common/paths.ts';
import type { LoadResult, LoadSpec } from './load-client.ts';

const run = promisify(execFile);

/** Runs the load generator in its own process and returns what it measured. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const pending = run(
    process.execPath,
    [
      '--import',
      path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs'),
      path.join(repoRoot, 'processor', 'bench', 'load-client.ts'),
      JSON.stringify(spec),
    ],
    { maxBuffer: 1024 * 1024, timeout: spec.durationMs + 120_000 },
  );
  // An interrupted benchmark exits without waiting for this run: the generator goes with it.
  const stop = () => pending.child.kill();
  process.once('exit', stop);
  try {
    const { stdout } = await pending;
    return JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult;
  } finally {
    process.off('exit', stop);
  }
}
