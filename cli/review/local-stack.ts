import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { HeadroomError } from '../../common/errors.ts';
import { repoRoot } from '../../common/paths.ts';
import { k6Path } from '../../loadtest/index.ts';
import type { Cleanup } from '../../common/cleanup.ts';

const servicesScript = path.join(repoRoot, 'scripts', 'services');

/** Runs `scripts/services <args>`; resolves with its exit code, its output kept for errors. */
function services(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(servicesScript, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * Starts the services the review needs (installing them from Debian if missing) and
 * registers the stop of each one that was NOT already running, so a developer's running
 * stack is left as it was found.
 */
export async function ensureServices(
  names: string[],
  cleanup: Cleanup,
  log: (line: string) => void,
): Promise<void> {
  for (const name of names) {
    const status = await services(['status', name]);
    if (status.code === 0) {
      log(`${name}: already running`);
      continue;
    }
    const up = await services(['up', name]);
    if (up.code !== 0) {
      throw new HeadroomError(
        `could not start ${name}: ${up.output.trim().split('\n').at(-1) ?? 'no output'}`,
      );
    }
    log(`${name}: started`);
    cleanup.add(name, async () => {
      await services(['down', name]);
    });
  }
}

/** Fails with one clear line when a fixed local port is taken (e.g. a processor already running). */
export async function requireFreePort(port: number, what: string): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
  if (!free) {
    throw new HeadroomError(
      `port ${port} (${what}) is in use: stop what runs there, or review it with --target http://127.0.0.1:${port}`,
    );
  }
}

/** Builds the pinned k6 from its Go module when it is not there yet (first run only). */
export async function ensureK6(log: (line: string) => void): Promise<void> {
  try {
    k6Path();
    return;
  } catch {
    log('k6: building it from its Go module (first run only, a few minutes)');
  }
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(path.join(repoRoot, 'scripts', 'tools', 'k6'), [], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new HeadroomError('could not build k6: see the lines above, or run scripts/setup');
  k6Path();
}
