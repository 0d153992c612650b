import { hostname } from 'node:os';
import { KubeConfig } from '@kubernetes/client-node';
import { pino, type Logger } from 'pino';
import { HeadroomError, InputError } from '../common/errors.ts';
import type { AutoscalerConfig } from './config.ts';
import { TargetController, type Decision, type ForecastFn } from './controller.ts';
import { LeaseElector } from './leader.ts';
import { PrometheusSource } from './metrics-source.ts';
import { HpaScaleTarget } from './scale-target.ts';
import { queueSizer } from './sizing.ts';
import { Telemetry } from './telemetry.ts';

/** Wires the controller for every configured target and runs it (once, or until stopped). */
export interface RunOptions {
  config: AutoscalerConfig;
  /** Kubeconfig path; else KUBECONFIG, else the in-cluster service account. */
  kubeconfig?: string;
  dryRun: boolean;
  once: boolean;
  /** Overrides the config's metrics port (0 = any free port; null = do not serve). */
  metricsPort?: number | null;
  logger?: Logger;
  identity?: string;
  forecast?: ForecastFn;
  /** Where the metrics go (a fresh registry by default). */
  telemetry?: Telemetry;
  signal?: AbortSignal;
  onDecision?: (decision: Decision) => void;
}

export function loadKubeConfig(file?: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (file) kc.loadFromFile(file);
    else if (process.env.KUBECONFIG) kc.loadFromFile(process.env.KUBECONFIG);
    else kc.loadFromCluster();
  } catch (error) {
    throw new InputError(
      `kubeconfig: cannot load ${file ?? process.env.KUBECONFIG ?? 'in-cluster config'} (${(error as Error).message})`,
    );
  }
  if (!kc.getCurrentCluster()) {
    throw new InputError('kubeconfig: no cluster (give --kubeconfig, set KUBECONFIG, or run in a cluster)');
  }
  return kc;
}

export function stderrLogger(): Logger {
  // Logs go to stderr so `--json` keeps stdout for the one JSON document.
  return pino({ name: 'autoscaler', level: process.env.HEADROOM_LOG_LEVEL ?? 'info' }, pino.destination(2));
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

export async function runAutoscaler(
  options: RunOptions,
): Promise<{ decisions: Decision[]; leader: boolean }> {
  const { config, dryRun } = options;
  const logger = options.logger ?? stderrLogger();
  const kc = loadKubeConfig(options.kubeconfig);
  const telemetry = options.telemetry ?? new Telemetry();
  const port = options.metricsPort === undefined ? config.metricsPort : options.metricsPort;
  const server = port === null ? null : await telemetry.serve(port, config.metricsHost);
  if (server) logger.info(`metrics on http://${config.metricsHost}:${server.port}/metrics`);
  const le = config.leaderElection;
  const elector = new LeaseElector(
    kc,
    le.namespace,
    le.name,
    options.identity ?? `${hostname()}-${process.pid}`,
    le.leaseDurationSeconds,
  );
  let leader = false;
  const stillLeading = async (): Promise<boolean> => {
    leader = await elector.tryAcquire();
    telemetry.leader.set(leader ? 1 : 0);
    return leader;
  };
  const controllers = config.targets.map(
    (target) =>
      new TargetController({
        config: target,
        source: new PrometheusSource(target.prometheus.url, target.prometheus.timeoutSeconds * 1000),
        target: new HpaScaleTarget(kc, target.namespace, target.hpa),
        sizer: queueSizer,
        telemetry,
        logger,
        dryRun,
        forecast: options.forecast,
        ...(dryRun ? {} : { stillLeading }),
      }),
  );
  const decisions: Decision[] = [];

  // Dry run writes nothing, the Lease included: it only reports.
  const lead = async (): Promise<boolean> => {
    if (dryRun) return true;
    try {
      return await stillLeading();
    } catch (error) {
      leader = false;
      telemetry.leader.set(0);
      logger.warn(`leader election failed, not acting: ${(error as Error).message}`);
      for (const t of config.targets) telemetry.failStatic.inc({ target: t.name, reason: 'api-server' });
      return false;
    }
  };

  // Each decision refits the target's whole history. One that takes most of the lease leaves
  // the other replica free to take the Lease over mid-decision (this one then fails static as
  // not-leader): said once, with what to change.
  let warnedSlow = false;
  const warnIfSlow = (decision: Decision, tookMs: number): void => {
    if (dryRun || warnedSlow || tookMs <= (le.leaseDurationSeconds * 1000) / 2) return;
    warnedSlow = true;
    logger.warn(
      `${decision.target}: a decision took ${(tookMs / 1000).toFixed(1)} s, more than half the ` +
        `${le.leaseDurationSeconds} s Lease, so another replica may take over mid-decision: shorten the ` +
        `target's prometheus.history, lengthen its step, or lengthen leaderElection.leaseDuration`,
    );
  };

  try {
    const interval = Math.min(...config.targets.map((t) => t.intervalSeconds)) * 1000;
    do {
      const started = Date.now();
      if (await lead()) {
        for (const controller of controllers) {
          const decisionStarted = Date.now();
          const decision = await controller.reconcile();
          warnIfSlow(decision, Date.now() - decisionStarted);
          decisions.push(decision);
          options.onDecision?.(decision);
        }
      } else {
        logger.info(`not the leader (Lease ${le.namespace}/${le.name}): standing by`);
      }
      if (options.once) break;
      if (decisions.length > 1000) decisions.splice(0, decisions.length - 1000);
      await sleep(Math.max(0, interval - (Date.now() - started)), options.signal);
    } while (!options.signal?.aborted);
  } finally {
    await server?.close();
  }
  if (options.once && !dryRun && !leader) {
    throw new HeadroomError(`not the leader: Lease ${le.namespace}/${le.name} is held by another instance`);
  }
  return { decisions, leader };
}
