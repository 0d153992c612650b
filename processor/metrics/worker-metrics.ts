import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { jobOutcomes, metricNames } from '../../common/metric-names.ts';
import { endToEndBuckets, stageBuckets } from './buckets.ts';

/** A worker's metrics (DESIGN.md names), in a registry of its own. */
export function createWorkerMetrics(queueName: string) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const jobs = new Counter({
    name: metricNames.jobs,
    help: 'Jobs finished by this worker, by outcome',
    labelNames: ['queue', 'outcome'] as const,
    registers: [registry],
  });
  for (const outcome of jobOutcomes) jobs.labels(queueName, outcome).inc(0);
  const jobDuration = new Histogram({
    name: metricNames.jobDuration,
    help: 'Time spent per pipeline stage (stage="total" for the whole job), seconds',
    labelNames: ['queue', 'stage'] as const,
    buckets: stageBuckets,
    registers: [registry],
  });
  const endToEnd = new Histogram({
    name: metricNames.documentEndToEnd,
    help: 'Seconds from a document being accepted to being processed',
    buckets: endToEndBuckets,
    registers: [registry],
  });
  return { registry, jobs, jobDuration, endToEnd };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

/** Serves GET /metrics for a registry; node:http because a worker needs nothing more. */
export async function serveMetrics(
  registry: Registry,
  host: string,
  port: number,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/metrics') {
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': registry.contentType });
          res.end(text);
        },
        (error: Error) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(error.message);
        },
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 'not_found', message: 'only GET /metrics is served here' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return { server, url: `http://${host}:${address.port}/metrics` };
}
