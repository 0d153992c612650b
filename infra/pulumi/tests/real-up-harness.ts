// Shared by the real `pulumi up` tests: a throwaway work dir (file backend, PULUMI_HOME), the
// environment that makes the CLI use only the Go-built toolchain in .tools/bin, and a cleanup
// that also ends the plugin processes a timed-out or failed run leaves behind.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toolsDir } from '../../../common/paths.ts';

const run = promisify(execFile);

export interface PulumiWork {
  /** The temp dir; everything the run writes is under it. */
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Runs the CLI non-interactively in `cwd`; rejects with its stdout and stderr. */
  pulumi(cwd: string, args: string[], timeoutMs?: number): Promise<string>;
  /** Kills every process still running with this work dir in its environment, removes the dir. */
  cleanup(): Promise<void>;
}

export async function pulumiWork(prefix: string, kubeconfigPath: string): Promise<PulumiWork> {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  await mkdir(join(dir, 'state'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The CLI finds the language host and the provider on PATH (ambient plugins).
    PATH: `${join(toolsDir, 'bin')}:${process.env.PATH ?? ''}`,
    PULUMI_HOME: join(dir, 'pulumi-home'),
    PULUMI_BACKEND_URL: `file://${join(dir, 'state')}`,
    PULUMI_CONFIG_PASSPHRASE: 'headroom-test-passphrase',
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: 'true',
    KUBECONFIG: kubeconfigPath,
    // The programs are TypeScript with .ts imports, like the rest of the repository.
    NODE_OPTIONS: '--import tsx',
  };
  return {
    dir,
    env,
    async pulumi(cwd, args, timeoutMs = 120_000) {
      try {
        const { stdout } = await run(join(toolsDir, 'bin', 'pulumi'), [...args, '--non-interactive'], {
          cwd,
          env,
          timeout: timeoutMs,
          killSignal: 'SIGKILL',
          maxBuffer: 32 * 1024 * 1024,
        });
        return stdout;
      } catch (err) {
        const e = err as { stdout?: string; stderr?: string; message: string };
        throw new Error(
          `pulumi ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`,
          {
            cause: err,
          },
        );
      }
    },
    async cleanup() {
      await killProcessesWithEnv(`PULUMI_HOME=${env.PULUMI_HOME}`);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The HTTP status a Kubernetes read fails with (404 once an object is gone), or 200. */
export async function readStatus(read: () => Promise<unknown>): Promise<number> {
  try {
    await read();
    return 200;
  } catch (err) {
    return (err as { code?: number }).code ?? -1;
  }
}

/**
 * The CLI starts the language host, node and the provider as children that outlive it when it
 * is killed (timeout). They all inherit PULUMI_HOME, which names this test's unique temp dir,
 * so matching it in /proc/<pid>/environ finds exactly the processes this test started.
 */
async function killProcessesWithEnv(marker: string): Promise<void> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ: string;
    try {
      environ = await readFile(`/proc/${entry}/environ`, 'utf8');
    } catch {
      continue; // gone, or not ours to read
    }
    if (environ.split('\0').includes(marker)) {
      try {
        process.kill(Number(entry), 'SIGKILL');
      } catch {
        // already exited
      }
    }
  }
}
