import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import YAML from 'yaml';

/** A scrape job for a private test Prometheus. */
export interface ScrapeJob {
  job: string;
  targets: string[];
  metricsPath?: string;
}

export interface PrivatePrometheus {
  url: string;
  stop(): Promise<void>;
}

/** A free loopback port (Prometheus cannot report the port it got for :0). */
export function freePort(): Promise<number> {
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
 * Starts a PRIVATE Prometheus (never the shared :19090 one) in `dir`, with 1 s scrapes and
 * rule evaluations so a test sees rates and rule results within seconds.
 */
export async function startPrometheus(
  dir: string,
  jobs: ScrapeJob[],
  ruleFiles: string[],
): Promise<PrivatePrometheus> {
  mkdirSync(path.join(dir, 'tsdb'), { recursive: true });
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    rule_files: ruleFiles,
    scrape_configs: jobs.map((j) => ({
      job_name: j.job,
      ...(j.metricsPath ? { metrics_path: j.metricsPath } : {}),
      static_configs: [{ targets: j.targets }],
    })),
  };
  const configFile = path.join(dir, 'prometheus.yml');
  writeFileSync(configFile, YAML.stringify(config));
  const port = await freePort();
  const child = spawn(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver',
      '--web.console.templates=/etc/prometheus/consoles',
      '--web.console.libraries=/etc/prometheus/console_libraries',
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
      if ((await fetch(`${url}/-/ready`)).ok) return { url, stop };
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

export interface QueryResult {
  status: string;
  error?: string;
  data?: {
    resultType: string;
    result: Array<{ metric: Record<string, string>; values?: [number, string][]; value?: [number, string] }>;
  };
}

export async function query(url: string, expr: string): Promise<QueryResult> {
  const res = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    body: new URLSearchParams({ query: expr }),
  });
  return (await res.json()) as QueryResult;
}

export async function queryRange(
  url: string,
  expr: string,
  start: number,
  end: number,
  step: number,
): Promise<QueryResult> {
  const body = new URLSearchParams({
    query: expr,
    start: String(start),
    end: String(end),
    step: String(step),
  });
  const res = await fetch(`${url}/api/v1/query_range`, { method: 'POST', body });
  return (await res.json()) as QueryResult;
}

/** True when a query_range result holds at least one finite value. */
export function hasFiniteValue(result: QueryResult): boolean {
  return (result.data?.result ?? []).some((series) =>
    (series.values ?? []).some(([, v]) => Number.isFinite(Number(v))),
  );
}
