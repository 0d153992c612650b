import { documentQueueName, metricNames } from '../../common/metric-names.ts';

/**
 * Reads a few samples from a Prometheus text exposition (the processor's /metrics).
 * By hand because only sums over a label filter are needed and no maintained Node library
 * parses the text format without pulling in a client we do not use.
 */
export function sumSamples(text: string, metric: string, labels: Record<string, string> = {}): number | null {
  let found = false;
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(metric)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== metric) continue;
    const got: Record<string, string> = {};
    for (const pair of (m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      got[pair[1]] = pair[2];
    if (Object.entries(labels).some(([k, v]) => got[k] !== v)) continue;
    const value = Number(m[4]);
    if (!Number.isFinite(value)) continue;
    found = true;
    sum += value;
  }
  return found ? sum : null;
}

async function scrape(url: string): Promise<string | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return res.ok ? await res.text() : null;
  } catch {
    return null;
  }
}

/** Completed document jobs summed over the workers' /metrics URLs (null if none answered). */
export async function completedJobs(workerMetricsUrls: string[]): Promise<number | null> {
  let total: number | null = null;
  for (const url of workerMetricsUrls) {
    const text = await scrape(url);
    const n =
      text === null
        ? null
        : sumSamples(text, metricNames.jobs, { queue: documentQueueName, outcome: 'completed' });
    if (n !== null) total = (total ?? 0) + n;
  }
  return total;
}

/** Waiting + active jobs, from the API's /metrics (null when it does not say). */
export async function queueBacklog(target: string): Promise<number | null> {
  const text = await scrape(`${target}/metrics`);
  if (text === null) return null;
  const waiting = sumSamples(text, metricNames.queueJobs, { queue: documentQueueName, state: 'waiting' });
  const active = sumSamples(text, metricNames.queueJobs, { queue: documentQueueName, state: 'active' });
  return waiting === null && active === null ? null : (waiting ?? 0) + (active ?? 0);
}
