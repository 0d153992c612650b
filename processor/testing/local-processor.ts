import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { localServices } from '../../common/local-services.ts';
import { repoRoot } from '../../common/paths.ts';
import { createDatabase, deleteQueue, runNames, sweepLeftovers, type RunDatabase } from './run-resources.ts';

/**
 * Starts a real processor (one `headroom serve`, N `headroom work`) as child processes on a
 * fresh database and a unique queue prefix, for tests, load tests and `headroom review`.
 * Ports are ephemeral unless `env` gives HEADROOM_PORT / HEADROOM_WORKER_METRICS_PORT
 * (worker i then listens on that port + i).
 */
export interface LocalProcessorOptions {
  workers?: number;
  concurrency?: number;
  env?: Record<string, string>;
  /** Use this database instead of creating (and later dropping) a fresh one. */
  databaseUrl?: string;
  redisUrl?: string;
  /** Forward the children's logs to this process's stderr. */
  verbose?: boolean;
  /**
   * 'cli' spawns `bin/headroom serve|work`; 'direct' (default) spawns processor/main.ts, the
   * same service without loading every other CLI command (about 1.5 s of CPU per process).
   */
  entry?: 'cli' | 'direct';
}

export interface ProcessHandle {
  child: ChildProcess;
  /** The line it printed when ready. */
  readyLine: string;
  /** The last lines of its output, for error messages. */
  output(): string;
  /** Resolves with the exit code (or signal) once it has exited. */
  exited: Promise<number | string>;
}

export interface LocalProcessor {
  url: string;
  apiKey: string;
  workerMetricsUrls: string[];
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  api: ProcessHandle;
  workers: ProcessHandle[];
  /** Starts one more worker (e.g. to take over from one a test killed). */
  addWorker(): Promise<ProcessHandle>;
  stop(): Promise<void>;
}

const headroomBin = path.join(repoRoot, 'bin', 'headroom');
const directEntry = [
  '--import',
  path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs'),
  path.join(repoRoot, 'processor', 'main.ts'),
];
const readyTimeoutMs = 30_000;

export async function startProcessor(opts: LocalProcessorOptions = {}): Promise<LocalProcessor> {
  const names = runNames(randomBytes(5).toString('hex'));
  const redisUrl = opts.redisUrl ?? opts.env?.HEADROOM_REDIS_URL ?? localServices.redisUrl;
  let ownDatabase: RunDatabase | undefined;
  if (!opts.databaseUrl && !opts.env?.HEADROOM_DATABASE_URL) {
    // What killed runs left on the local services goes first, or it piles up run after run.
    await sweepLeftovers(localServices.databaseUrl, redisUrl);
    ownDatabase = await createDatabase(localServices.databaseUrl, names.database);
  }
  const databaseUrl = opts.databaseUrl ?? opts.env?.HEADROOM_DATABASE_URL ?? ownDatabase!.url;
  const ownPrefix = !opts.env?.HEADROOM_QUEUE_PREFIX;
  const queuePrefix = opts.env?.HEADROOM_QUEUE_PREFIX ?? names.queuePrefix;
  const apiKey = opts.env?.HEADROOM_API_KEY ?? `hr_test_${randomBytes(12).toString('hex')}`;
  const baseEnv: Record<string, string> = {
    HEADROOM_PORT: '0',
    HEADROOM_WORKER_METRICS_PORT: '0',
    HEADROOM_LOG_LEVEL: 'warn',
    ...(opts.concurrency ? { HEADROOM_WORKER_CONCURRENCY: String(opts.concurrency) } : {}),
    ...opts.env,
    HEADROOM_DATABASE_URL: databaseUrl,
    HEADROOM_REDIS_URL: redisUrl,
    HEADROOM_QUEUE_PREFIX: queuePrefix,
    HEADROOM_API_KEY: apiKey,
  };
  const children: ProcessHandle[] = [];
  const killAll = () => children.forEach((h) => h.child.kill('SIGKILL'));
  process.once('exit', killAll);

  const stop = async () => {
    process.removeListener('exit', killAll);
    await Promise.all(children.map((h) => terminate(h)));
    if (ownDatabase) await ownDatabase.drop();
    if (ownPrefix) await deleteQueue(redisUrl, queuePrefix);
  };

  try {
    const api = await spawnReady(['serve'], baseEnv, /listening on (\S+)/, opts);
    children.push(api);
    const url = /listening on (\S+)/.exec(api.readyLine)![1];
    const fixedMetricsPort = Number(baseEnv.HEADROOM_WORKER_METRICS_PORT);
    let workerCount = 0;
    const addWorker = async () => {
      const i = workerCount++;
      const env = {
        ...baseEnv,
        HEADROOM_WORKER_METRICS_PORT: String(fixedMetricsPort > 0 ? fixedMetricsPort + i : 0),
      };
      const worker = await spawnReady(['work'], env, /metrics on (\S+)/, opts);
      children.push(worker);
      return worker;
    };
    const workers = await Promise.all(Array.from({ length: opts.workers ?? 1 }, () => addWorker()));
    return {
      url,
      apiKey,
      workerMetricsUrls: workers.map((w) => /metrics on (\S+)/.exec(w.readyLine)![1]),
      databaseUrl,
      redisUrl,
      queuePrefix,
      api,
      workers,
      addWorker,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function spawnReady(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  { verbose = false, entry = 'direct' }: LocalProcessorOptions,
): Promise<ProcessHandle> {
  const [command, argv] =
    entry === 'cli' ? [headroomBin, args] : [process.execPath, [...directEntry, ...args]];
  const child = spawn(command, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`headroom ${args.join(' ')} not ready after ${readyTimeoutMs} ms:\n${lines.join('\n')}`),
      );
    }, readyTimeoutMs);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        // Consume everything (a full pipe would block the child); keep only the tail.
        lines.push(line);
        if (lines.length > 200) lines.shift();
        if (verbose) process.stderr.write(`[${args[0]} ${child.pid}] ${line}\n`);
        if (ready.test(line)) {
          clearTimeout(timer);
          resolve({ child, readyLine: line, output: () => lines.join('\n'), exited });
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(`headroom ${args.join(' ')} exited (${code}) before it was ready:\n${lines.join('\n')}`),
      );
    });
  });
}

async function terminate(handle: ProcessHandle, graceMs = 20_000): Promise<void> {
  const { child } = handle;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await handle.exited;
  clearTimeout(timer);
}
