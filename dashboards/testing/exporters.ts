import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Registry } from 'prom-client';
import { metricNames as m } from '../../common/metric-names.ts';
import { capacityMaxRateMetric } from '../rules/names.ts';

/**
 * Real prom-client exporters for the series the processor does not produce: what the
 * autoscaler (`headroom autoscale`) exports, including the per-pod capacity it plans with,
 * with the DESIGN.md names and labels. Used so the dashboards' autoscaler and capacity panels are checked against
 * series Prometheus really scraped, before those components run in the same test.
 */
export interface TestExporters {
  autoscalerTarget: string;
  /** Records one fail-static event (as the controller does when Prometheus is unreachable). */
  failStatic(reason: string): void;
  close(): Promise<void>;
}

async function serve(registry: Registry): Promise<{ server: Server; hostPort: string }> {
  const server = createServer((req, res) => {
    void registry.metrics().then((text) => {
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, hostPort: `127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function startExporters(opts: {
  target: string;
  perPodCapacity: number;
  arrivalRate: () => number;
}): Promise<TestExporters> {
  const autoscaler = new Registry();
  const forecast = new Gauge({
    name: m.autoscalerForecast,
    help: 'forecast arrivals/s',
    labelNames: ['target', 'horizon', 'quantile'] as const,
    registers: [autoscaler],
  });
  const desired = new Gauge({
    name: m.autoscalerDesiredReplicas,
    help: 'desired replicas',
    labelNames: ['target', 'source'] as const,
    registers: [autoscaler],
  });
  const failStatic = new Counter({
    name: m.autoscalerFailStatic,
    help: 'fail-static events',
    labelNames: ['target', 'reason'] as const,
    registers: [autoscaler],
  });
  // Not zero-initialised, like autoscaler/telemetry.ts: the series is born at the first event,
  // which the AutoscalerFailingStatic rule must still catch.
  const lastDecision = new Gauge({
    name: m.autoscalerLastDecision,
    help: 'last decision time',
    labelNames: ['target'] as const,
    registers: [autoscaler],
  });
  // A decision every scrape, like a controller on a short interval: the forecast brackets the
  // arrival rate seen so far, replicas follow from the per-pod capacity.
  const decide = () => {
    const rate = Math.max(opts.arrivalRate(), 1);
    // Like the controller: one value per horizon step (label "<seconds>s") and quantile.
    for (const [i, ahead] of ['15s', '30s', '45s', '60s'].entries()) {
      const level = rate * (1 + i * 0.02);
      forecast.labels(opts.target, ahead, '0.5').set(level);
      forecast.labels(opts.target, ahead, '0.9').set(level * 1.3);
    }
    const predictive = Math.ceil((rate * 1.3) / opts.perPodCapacity);
    desired.labels(opts.target, 'predictive').set(predictive);
    desired.labels(opts.target, 'reactive').set(1);
    desired.labels(opts.target, 'applied').set(Math.max(predictive, 1));
    lastDecision.labels(opts.target).set(Date.now() / 1000);
  };
  decide();
  const timer = setInterval(decide, 1000);

  new Gauge({
    name: capacityMaxRateMetric,
    help: 'documents/s one worker pod sustains with every SLO met (the capacity the autoscaler plans with)',
    labelNames: ['target'] as const,
    registers: [autoscaler],
  })
    .labels(opts.target)
    .set(opts.perPodCapacity);

  const a = await serve(autoscaler);
  return {
    autoscalerTarget: a.hostPort,
    failStatic: (reason) => failStatic.labels(opts.target, reason).inc(),
    close: async () => {
      clearInterval(timer);
      await new Promise((resolve) => a.server.close(resolve));
    },
  };
}
