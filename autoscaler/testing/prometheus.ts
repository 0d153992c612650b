import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One gauge to backfill: name → value at a Unix time (seconds). */
export interface BackfillSeries {
  name: string;
  help: string;
  value: (unixSeconds: number) => number;
}

export interface PrivatePrometheus {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A private Prometheus for one test file: its TSDB backfilled with `promtool tsdb
 * create-blocks-from openmetrics` from generated samples, on a free loopback port, nothing
 * scraped. stop() kills it and deletes the data.
 */
export async function startBackfilledPrometheus(
  series: BackfillSeries[],
  { fromSeconds, toSeconds, stepSeconds }: { fromSeconds: number; toSeconds: number; stepSeconds: number },
): Promise<PrivatePrometheus> {
  const dir = await mkdtemp(path.join(tmpdir(), 'headroom-prom-'));
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const lines: string[] = [];
    for (const s of series) {
      lines.push(`# HELP ${s.name} ${s.help}`, `# TYPE ${s.name} gauge`);
      for (let t = fromSeconds; t <= toSeconds; t += stepSeconds) lines.push(`${s.name} ${s.value(t)} ${t}`);
    }
    lines.push('# EOF', '');
    const input = path.join(dir, 'backfill.om');
    await writeFile(input, lines.join('\n'));
    const tsdb = path.join(dir, 'tsdb');
    await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', input, tsdb], { timeout: 60_000 });
    const config = path.join(dir, 'prometheus.yml');
    await writeFile(config, 'global:\n  scrape_interval: 1m\nscrape_configs: []\n');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    child = spawn(
      'prometheus',
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${tsdb}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--storage.tsdb.retention.time=30d',
        // The Debian build otherwise looks for consoles under /etc.
        `--web.console.templates=${dir}`,
        `--web.console.libraries=${dir}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${log}`);
      try {
        const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`prometheus not ready after 30 s: ${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
