import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
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

/** Writes an SLO file: the repository's objectives with some replaced. Returns its path. */
export function writeSlo(file: string, overrides: Record<string, unknown>): string {
  const base = JSON.parse(readFileSync(path.join(repoRoot, 'slo.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...base, ...overrides }));
  return file;
}
