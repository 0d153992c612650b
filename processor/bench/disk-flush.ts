import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Cleanup } from '../../common/cleanup.ts';
import { percentile } from '../../common/percentile.ts';

/**
 * How long the disk takes to make a small write durable, the way PostgreSQL's group commit
 * makes the WAL durable before the API answers 202: an 8 KB write and fdatasync every
 * `intervalMs` into a 16 MB file (a WAL segment's size, written before the clock starts, so no
 * flush also allocates blocks). Written by hand: pg_test_fsync and fio report averages, and
 * what bounds an ingest p99 is the rare flush that takes a hundred times the median (on the
 * development VM, a few a minute of 100-430 ms on an otherwise idle machine).
 */
export interface DiskFlushLatency {
  flushes: number;
  seconds: number;
  latencyMs: { p50: number; p99: number; p999: number; max: number };
  /** The flushes that took longer than `thresholdMs`, slowest first (at most 10). */
  slowestMs: number[];
  thresholdMs: number;
  /** See `shareHeldPast`. */
  shareHeldPastThreshold: number;
}

const pageBytes = 8192;
const fileBytes = 16 * 1024 * 1024;

/** Registers the removal of its 16 MB file with `cleanup`, so Ctrl-C does not leave it. */
export async function diskFlushLatency(
  opts: { dir: string; durationMs: number; intervalMs: number; thresholdMs: number },
  cleanup: Cleanup,
): Promise<DiskFlushLatency> {
  const file = path.join(opts.dir, `bench-disk-flush-${process.pid}.tmp`);
  // Registered before the file exists: a Ctrl-C as it is being made still removes it.
  const opening = open(file, 'w');
  const stop = cleanup.add('the disk probe', async () => {
    await (await opening).close();
    await rm(file, { force: true });
  });
  try {
    const handle = await opening;
    const page = Buffer.alloc(pageBytes, 0x5a);
    const chunk = Buffer.alloc(1024 * 1024, 0x5a);
    for (let at = 0; at < fileBytes; at += chunk.length) await handle.write(chunk, 0, chunk.length, at);
    await handle.datasync();
    const latencies: number[] = [];
    const started = performance.now();
    for (let i = 0; performance.now() - started < opts.durationMs; i++) {
      const t = performance.now();
      await handle.write(page, 0, pageBytes, (i * pageBytes) % fileBytes);
      await handle.datasync();
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, opts.intervalMs));
    }
    const seconds = (performance.now() - started) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      flushes: latencies.length,
      seconds,
      latencyMs: {
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        p999: percentile(sorted, 0.999),
        max: sorted[sorted.length - 1],
      },
      slowestMs: sorted
        .filter((d) => d > opts.thresholdMs)
        .reverse()
        .slice(0, 10),
      thresholdMs: opts.thresholdMs,
      shareHeldPastThreshold: shareHeldPast(latencies, opts.thresholdMs, seconds * 1000),
    };
  } finally {
    await stop();
  }
}

/**
 * The share of a steady stream of commits that flushes this slow alone would hold longer than
 * `thresholdMs`: a commit made during a flush of d ms waits for it to end, so those made in its
 * first d - threshold ms wait longer (and then for their own flush). At 1 % or more, the disk
 * alone puts an ingest p99 over the threshold, whatever the processor does.
 */
export function shareHeldPast(flushMs: number[], thresholdMs: number, windowMs: number): number {
  const held = flushMs.reduce((sum, d) => sum + Math.max(0, d - thresholdMs), 0);
  return windowMs > 0 ? held / windowMs : 0;
}
