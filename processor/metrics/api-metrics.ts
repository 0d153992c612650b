import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { documentOutcomes, metricNames, queueStates } from '../../common/metric-names.ts';
import { httpBuckets } from './buckets.ts';

export type DocumentOutcome = (typeof documentOutcomes)[number];

/** The API's metrics (DESIGN.md names), in a registry of its own. */
export function createApiMetrics(queueCounts: () => Promise<Record<string, number>>, queueName: string) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const received = new Counter({
    name: metricNames.documentsReceived,
    help: 'Documents received by the ingest API, by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  for (const outcome of documentOutcomes) received.labels(outcome).inc(0);
  const httpDuration = new Histogram({
    name: metricNames.httpRequestDuration,
    help: 'HTTP request duration in seconds',
    labelNames: ['route', 'method', 'status_class'] as const,
    buckets: httpBuckets,
    registers: [registry],
  });
  new Gauge({
    name: metricNames.queueJobs,
    help: 'Jobs in the queue by state, read from BullMQ when scraped',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      try {
        const counts = await queueCounts();
        for (const state of queueStates) this.labels(queueName, state).set(counts[state] ?? 0);
      } catch {
        // Redis unreachable: leave the series out rather than report a false zero.
        this.reset();
      }
    },
  });
  return { registry, received, httpDuration };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;
