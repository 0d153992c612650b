import http from 'node:http';
import { percentile } from '../../common/percentile.ts';
import { corpusBodies } from './corpus.ts';

/**
 * The benchmark's HTTP load generator, run as a child process so it does not share an event
 * loop with the server it measures. Closed loop (N clients back to back) finds the maximum
 * rate; open loop (fixed arrival rate) measures latency at a chosen rate. Prints one JSON line.
 * node:http with keep-alive instead of fetch: fetch costs several times more CPU per request,
 * and on two cores the client's CPU is taken from the server.
 */
export interface LoadSpec {
  url: string;
  apiKey?: string;
  mode: 'closed' | 'open';
  concurrency: number;
  rate?: number;
  durationMs: number;
  /**
   * Load before `durationMs`, not measured (an open run ramps up to its rate over it): a fresh
   * process's first second (JIT) is slower than the server it measures, and a 10 s run cannot
   * dilute it.
   */
  warmupMs?: number;
  startIndex: number;
}

export interface LoadResult {
  sent: number;
  /** Answers to the measured requests; the warm-up's are in `warmupStatuses`. */
  statuses: Record<string, number>;
  warmupStatuses: Record<string, number>;
  elapsedMs: number;
  ratePerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

/**
 * When the k-th arrival of an open-loop run is due, in ms from the start: the rate ramps up
 * linearly over the warm-up, then holds. Started at full rate, the first second's arrivals
 * met a client and a server not yet warm (JIT, caches) and built a backlog that the measured
 * window inherited: in three runs at 900/s after a quiet spell, the first second measured
 * showed 290-670 ms and p99 reached 210 ms, against 100-125 ms with the ramp.
 */
export function openLoopDue(k: number, ratePerSecond: number, rampMs: number): number {
  const perMs = ratePerSecond / 1000;
  const rampArrivals = (perMs * rampMs) / 2;
  if (k < rampArrivals) return Math.sqrt((2 * rampMs * k) / perMs);
  return rampMs + (k - rampArrivals) / perMs;
}

/**
 * Opens the client's connections before the clock starts, as a long-lived client holds them
 * (any cheap GET does: /healthz on the processor, a 404 on the bare route).
 * Opened on demand, a new one for each request in flight beyond the last, they came in a storm
 * whenever latency rose, each accepted late by a server already behind (160-800 ms after
 * connect), which raised latency further: the open runs began with 2-3 s latencies.
 */
async function openConnections(agent: http.Agent, target: URL, count: number): Promise<void> {
  const healthz = () =>
    new Promise<void>((resolve) => {
      const req = http.request(
        { agent, host: target.hostname, port: target.port, path: '/healthz' },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', () => resolve());
      req.end();
    });
  await Promise.all(Array.from({ length: count }, healthz));
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  // Generating the corpus takes ~0.3 s: before the clock starts, or an open-loop run would
  // begin with that long's arrivals sent at once (a burst the measured window inherited).
  const bodyFor = corpusBodies();
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const target = new URL(spec.url);
  await openConnections(agent, target, spec.concurrency);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const warmupStatuses: Record<string, number> = {};
  const start = performance.now();
  const measureFrom = start + (spec.warmupMs ?? 0);
  const end = measureFrom + spec.durationMs;
  const count = (into: Record<string, number>, status: string | number) =>
    (into[status] = (into[status] ?? 0) + 1);
  let index = spec.startIndex;
  const post = () =>
    new Promise<void>((resolve) => {
      const body = bodyFor(index++);
      const started = performance.now();
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...(spec.apiKey ? { authorization: `Bearer ${spec.apiKey}` } : {}),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const measured = started >= measureFrom;
            if (measured) latencies.push(performance.now() - started);
            count(measured ? statuses : warmupStatuses, res.statusCode ?? 0);
            resolve();
          });
        },
      );
      req.on('error', () => {
        count(started >= measureFrom ? statuses : warmupStatuses, 'error');
        resolve();
      });
      req.end(body);
    });
  if (spec.mode === 'closed') {
    await Promise.all(
      Array.from({ length: spec.concurrency }, async () => {
        while (performance.now() < end) await post();
      }),
    );
  } else {
    const inflight = new Set<Promise<void>>();
    for (let k = 0; ; k++) {
      const due = start + openLoopDue(k, spec.rate ?? 1, spec.warmupMs ?? 0);
      if (due >= end) break;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const p = post().finally(() => inflight.delete(p));
      inflight.add(p);
    }
    await Promise.all(inflight);
  }
  const elapsedMs = performance.now() - measureFrom;
  latencies.sort((a, b) => a - b);
  agent.destroy();
  return {
    sent: latencies.length,
    statuses,
    warmupStatuses,
    elapsedMs,
    ratePerSecond: (latencies.length / elapsedMs) * 1000,
    latencyMs: {
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      p99: percentile(latencies, 0.99),
      max: latencies[latencies.length - 1] ?? 0,
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const spec = JSON.parse(process.argv[2]) as LoadSpec;
  run(spec).then((result) => process.stdout.write(`${JSON.stringify(result)}\n`));
}
