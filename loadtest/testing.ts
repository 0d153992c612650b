import { execFile } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../common/paths.ts';

/** Runs `bin/headroom` for a test: exit code and both streams, never throws on exit != 0. */
export async function headroom(
  args: string[],
  timeoutMs = 120_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(repoRoot, 'bin', 'headroom'),
      args,
      { timeout: timeoutMs, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
