import { readFileSync } from 'node:fs';

/** Linux reports a process's CPU time in clock ticks of 1/100 s (USER_HZ, fixed by the ABI). */
const ticksPerSecond = 100;

/** A process's CPU seconds so far (user + system), or null where /proc cannot say. */
function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / ticksPerSecond : null;
  } catch {
    return null;
  }
}

/**
 * The mean number of CPU cores a child process used while it ran. Sampled, because once the
 * child exits its /proc entry is gone and Node does not report a child's resource usage: the
 * last interval before the exit is lost, which for k6 is its summary, not its load.
 */
export function watchCpu(pid: number, intervalMs = 250): { stop: () => number | null } {
  const started = Date.now();
  let last: { seconds: number; at: number } | null = null;
  const sample = () => {
    const seconds = cpuSeconds(pid);
    if (seconds !== null) last = { seconds, at: Date.now() };
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      const elapsed = last === null ? 0 : (last.at - started) / 1000;
      return last === null || elapsed < 0.5 ? null : last.seconds / elapsed;
    },
  };
}
