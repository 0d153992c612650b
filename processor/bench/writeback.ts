import { readFileSync } from 'node:fs';

/** The kernel's page-cache figures the benchmark watches, in MB (from /proc/meminfo). */
export interface PageCacheSample {
  dirtyMB: number;
  writebackMB: number;
}

export interface WritebackPeak {
  /** The most dirty page cache seen: what the next writeback burst will have to write. */
  peakDirtyMB: number;
  /** The most being written back at once; a burst of tens of MB stalls every fsync behind it. */
  peakWritebackMB: number;
}

/** Dirty and Writeback from the text of /proc/meminfo; null when either line is missing. */
export function parseMeminfo(text: string): PageCacheSample | null {
  const kB = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text);
    return match ? Number(match[1]) / 1024 : null;
  };
  const dirtyMB = kB('Dirty');
  const writebackMB = kB('Writeback');
  return dirtyMB === null || writebackMB === null ? null : { dirtyMB, writebackMB };
}

/**
 * Samples the page cache every `intervalMs` until stopped, so that a latency figure can be
 * read next to the writeback it ran through: at half the max rate the documents table grows
 * ~4 MB/s, the kernel keeps those pages dirty until they are 30 s old and then writes ~100 MB
 * at once, and every ingest commit's fsync waits 300-400 ms behind it (processor/README.md).
 * Not Linux: null.
 */
export function watchWriteback(intervalMs = 100): { stop: () => WritebackPeak | null } {
  const read = () => {
    try {
      return parseMeminfo(readFileSync('/proc/meminfo', 'utf8'));
    } catch {
      return null;
    }
  };
  let peak: WritebackPeak | null = null;
  const sample = () => {
    const now = read();
    if (!now) return;
    peak = {
      peakDirtyMB: Math.max(peak?.peakDirtyMB ?? 0, now.dirtyMB),
      peakWritebackMB: Math.max(peak?.peakWritebackMB ?? 0, now.writebackMB),
    };
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
