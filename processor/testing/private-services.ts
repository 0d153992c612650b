import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../common/testing/ports.ts';

/**
 * Private Redis and PostgreSQL instances for fault tests (FLUSHALL, stopping PostgreSQL):
 * on free loopback ports, data in a temp dir, never the shared local stack.
 */
const run = promisify(execFile);

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface PrivateRedis {
  url: string;
  cli(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'hr-redis-'));
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  const cli = async (...args: string[]) =>
    (await run('redis-cli', ['-p', String(port), ...args])).stdout.trim();
  await waitFor(`private redis on ${port}`, async () => (await cli('ping')) === 'PONG');
  return {
    url: `redis://127.0.0.1:${port}`,
    cli,
    async stop() {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PrivatePostgres {
  url: string;
  /** Stops the server as a crash would (immediate shutdown: no checkpoint, WAL not yet written is lost). */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

function pgBin(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
  return path.join('/usr/lib/postgresql', versions[versions.length - 1], 'bin');
}

// PostgreSQL refuses to run as root, so as root it runs as the postgres user.
function asPostgres(cmd: string, args: string[]) {
  const isRoot = process.getuid?.() === 0;
  return isRoot ? run('runuser', ['-u', 'postgres', '--', cmd, ...args]) : run(cmd, args);
}

/** `settings`: more server settings (`-c name=value`), for a test that needs the server to behave a certain way. */
export async function startPrivatePostgres(settings: Record<string, string> = {}): Promise<PrivatePostgres> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'hr-pg-'));
  const data = path.join(dir, 'data');
  const pwfile = path.join(dir, 'pw');
  writeFileSync(pwfile, 'headroom\n', { mode: 0o644 });
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const bin = pgBin();
  await asPostgres(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'headroom',
    `--pwfile=${pwfile}`,
    '-A',
    'scram-sha-256',
    '--auth-local=trust',
    '--no-sync',
  ]);
  const start = async () => {
    await asPostgres(path.join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      path.join(dir, 'server.log'),
      '-w',
      '-t',
      '30',
      '-o',
      [
        `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=50`,
        ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`),
      ].join(' '),
      'start',
    ]);
  };
  await start();
  await asPostgres(path.join(bin, 'createdb'), ['-h', dir, '-p', String(port), '-U', 'headroom', 'headroom']);
  return {
    url: `postgres://headroom:headroom@127.0.0.1:${port}/headroom`,
    async stop() {
      await asPostgres(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    },
    start,
    async destroy() {
      await asPostgres(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(
        () => undefined,
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
