import { execFile, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import { freePort } from './ports.ts';

/**
 * A PRIVATE Prometheus for one test file (never the shared :19090 one): Debian's
 * `prometheus` on a free loopback port with its data in the test's own folder, optionally
 * scraping given targets, evaluating given rule files, or serving a TSDB backfilled from
 * generated samples with `promtool tsdb create-blocks-from openmetrics`.
 */

const run = promisify(execFile);

export interface ScrapeJob {
  job: string;
  targets: string[];
  metricsPath?: string;
}

export interface PrivatePrometheus {
  url: string;
  stop(): Promise<void>;
}

/** One gauge to backfill: its value at each Unix second of the range. */
export interface BackfillSeries {
  name: string;
  help: string;
  value: (unixSeconds: number) => number;
}

/** Writes the samples as OpenMetrics and turns them into TSDB blocks under `dir/tsdb`. */
export async function backfill(
  dir: string,
  series: BackfillSeries[],
  { fromSeconds, toSeconds, stepSeconds }: { fromSeconds: number; toSeconds: number; stepSeconds: number },
): Promise<void> {
  const lines: string[] = [];
  for (const s of series) {
    lines.push(`# HELP ${s.name} ${s.help}`, `# TYPE ${s.name} gauge`);
    for (let t = fromSeconds; t <= toSeconds; t += stepSeconds) lines.push(`${s.name} ${s.value(t)} ${t}`);
  }
  lines.push('# EOF', '');
  await mkdir(dir, { recursive: true });
  const input = path.join(dir, 'backfill.om');
  await writeFile(input, lines.join('\n'));
  await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', input, path.join(dir, 'tsdb')], {
    timeout: 60_000,
  });
}

/**
 * Starts Prometheus on the TSDB in `dir/tsdb` with 1 s scrapes and rule evaluations (so a
 * test sees rates and rule results within seconds) and the remote-write receiver on; resolves
 * once it is ready. `stop()` kills it; the caller owns `dir`.
 */
export async function startPrometheus(
  dir: string,
  { jobs = [], ruleFiles = [] }: { jobs?: ScrapeJob[]; ruleFiles?: string[] } = {},
): Promise<PrivatePrometheus> {
  await mkdir(path.join(dir, 'tsdb'), { recursive: true });
  const configFile = path.join(dir, 'prometheus.yml');
  await writeFile(
    configFile,
    YAML.stringify({
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      rule_files: ruleFiles,
      scrape_configs: jobs.map((j) => ({
        job_name: j.job,
        ...(j.metricsPath ? { metrics_path: j.metricsPath } : {}),
        static_configs: [{ targets: j.targets }],
      })),
    }),
  );
  const port = await freePort();
  const child = spawn(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Backfilled blocks may be weeks old: keep them.
      '--storage.tsdb.retention.time=90d',
      '--web.enable-remote-write-receiver',
      // The Debian build otherwise looks for consoles under /etc.
      `--web.console.templates=${dir}`,
      `--web.console.libraries=${dir}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) })).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`private Prometheus did not become ready:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
