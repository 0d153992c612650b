import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { HeadroomError } from '../../common/errors.ts';
import { k6Path } from '../k6-binary.ts';
import { watchCpu } from './process-cpu.ts';

export interface K6Run {
  /** k6's exit code: 0 all thresholds held, 99 a threshold failed. */
  exitCode: number;
  /** The end-of-test data k6 handed to handleSummary. */
  summary: K6Summary;
  /** CPU cores k6 itself used on average while it ran (null where /proc cannot say). */
  cores: number | null;
}

export interface K6Metric {
  type: string;
  contains?: string;
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

export interface K6Summary {
  state?: { testRunDurationMs?: number };
  metrics: Record<string, K6Metric>;
}

export interface K6Options {
  script: string;
  env: Record<string, string>;
  /** Files the script reads at init: each is written into the run's folder and its path passed as the environment variable named by its key. */
  files?: Record<string, string>;
  /** Hard stop (SIGTERM, then SIGKILL) if k6 has not exited by then; k6 normally stops itself. */
  timeoutSeconds: number;
  /** Receives k6's progress lines; default: stderr. */
  onLine?: (line: string) => void;
}

// k6 repeats the same warning for every failed request; beyond a few, only count them.
const maxRepeats = 3;

function lineFilter(onLine: (line: string) => void) {
  const seen = new Map<string, number>();
  return {
    push(line: string) {
      if (line.trim() === '') return;
      const warning = /level=(warning|error) msg="([^"]*)"/.exec(line);
      if (warning) {
        const key = warning[2];
        const n = (seen.get(key) ?? 0) + 1;
        seen.set(key, n);
        if (n > maxRepeats) return;
        if (n === maxRepeats) line += ' (further repeats counted, not shown)';
      }
      onLine(line);
    },
    flush() {
      for (const [msg, n] of seen) if (n > maxRepeats) onLine(`k6: "${msg}" repeated ${n} times`);
    },
  };
}

/** Runs one k6 test and returns its exit code and summary; throws when k6 itself failed. */
export async function runK6(options: K6Options): Promise<K6Run> {
  const k6 = k6Path();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'headroom-k6-'));
  const summaryFile = path.join(dir, 'summary.json');
  const files: Record<string, string> = {};
  for (const [name, content] of Object.entries(options.files ?? {})) {
    files[name] = path.join(dir, name.toLowerCase());
    await writeFile(files[name], content);
  }
  const onLine = options.onLine ?? ((line: string) => process.stderr.write(`${line}\n`));
  const filter = lineFilter(onLine);
  const tail: string[] = [];
  try {
    const child = spawn(k6, ['run', '--no-color', '--no-usage-report', options.script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...options.env,
        ...files,
        HEADROOM_SUMMARY_FILE: summaryFile,
        K6_NO_USAGE_REPORT: 'true',
      },
    });
    const cpu = watchCpu(child.pid ?? -1);
    let cores: number | null = null;
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        filter.push(line);
      });
    }
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      onLine(`k6 did not stop within ${options.timeoutSeconds}s: stopping it`);
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    }, options.timeoutSeconds * 1000);
    // If we are interrupted, k6 must not outlive us.
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    const exitCode = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    }).finally(() => {
      cores = cpu.stop();
      clearTimeout(timer);
      clearTimeout(killer);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    });
    filter.flush();
    let text: string;
    try {
      text = await readFile(summaryFile, 'utf8');
    } catch {
      const last =
        tail
          .filter((l) => /error|level=/i.test(l))
          .slice(-3)
          .join(' | ') || tail.slice(-3).join(' | ');
      throw new HeadroomError(`k6 failed (exit ${exitCode}) without a summary: ${last}`);
    }
    if (exitCode !== 0 && exitCode !== 99) {
      throw new HeadroomError(`k6 failed (exit ${exitCode}): ${tail.slice(-3).join(' | ')}`);
    }
    return { exitCode, summary: JSON.parse(text) as K6Summary, cores };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
