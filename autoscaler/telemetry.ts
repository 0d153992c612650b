import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Registry } from 'prom-client';
import { HeadroomError } from '../common/errors.ts';
import { metricNames } from '../common/metric-names.ts';

/** The autoscaler's own metrics (DESIGN.md names), on a registry of its own. */
export class Telemetry {
  readonly registry = new Registry();
  readonly forecast = new Gauge({
    name: metricNames.autoscalerForecast,
    help: 'Forecast arrival rate (documents/s) the last decision used, per horizon and quantile',
    labelNames: ['target', 'horizon', 'quantile'] as const,
    registers: [this.registry],
  });
  readonly desiredReplicas = new Gauge({
    name: metricNames.autoscalerDesiredReplicas,
    help: 'Replicas wanted by the predictive plan, by the HPA itself (reactive), and the floor applied',
    labelNames: ['target', 'source'] as const,
    registers: [this.registry],
  });
  readonly lastDecision = new Gauge({
    name: metricNames.autoscalerLastDecision,
    help: 'Unix time of the last completed decision',
    labelNames: ['target'] as const,
    registers: [this.registry],
  });
  readonly failStatic = new Counter({
    name: metricNames.autoscalerFailStatic,
    help: 'Decisions that left the HPA untouched because a dependency failed',
    labelNames: ['target', 'reason'] as const,
    registers: [this.registry],
  });
  readonly capacityMaxRate = new Gauge({
    name: metricNames.capacityMaxRate,
    help: 'Documents/s one worker pod sustains within every SLO: the per-pod capacity this target is planned with',
    labelNames: ['target'] as const,
    registers: [this.registry],
  });
  readonly leader = new Gauge({
    name: 'headroom_autoscaler_leader',
    help: '1 while this instance holds the leader Lease',
    registers: [this.registry],
  });

  /** Serves /metrics on 127.0.0.1 (port 0 = any free port); resolves with the bound port. */
  async serve(port: number, host = '127.0.0.1'): Promise<{ port: number; close: () => Promise<void> }> {
    const server: Server = createServer((req, res) => {
      if (req.url === '/metrics' || req.url?.startsWith('/metrics?')) {
        this.registry
          .metrics()
          .then((body) => {
            res.writeHead(200, { 'content-type': this.registry.contentType });
            res.end(body);
          })
          .catch((error: Error) => {
            res.writeHead(500, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ code: 'metrics_failed', message: error.message }));
          });
        return;
      }
      if (req.url === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"ok"}');
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'not_found', message: `no route ${req.url}` }));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        // A taken port is a setting to change, not a bug: one line, not a stack trace.
        reject(
          new HeadroomError(
            `cannot serve metrics on ${host}:${port}: ${error.code === 'EADDRINUSE' ? 'the port is in use' : error.message} (metricsPort in the config; 0 takes any free port)`,
          ),
        );
      });
      server.listen(port, host, () => resolve());
    });
    return {
      port: (server.address() as AddressInfo).port,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }
}
