import type { Command } from 'commander';
import type { Decision } from '../../autoscaler/index.ts';
import { action, printJson, pathArgument } from '../run.ts';

interface Options {
  config: string;
  kubeconfig?: string;
  dryRun?: boolean;
  once?: boolean;
  json?: boolean;
}

function row(d: Decision): string {
  const floor = d.floor ? `${d.floor.from} → ${d.floor.to}` : '-';
  return `${d.target.padEnd(28)} ${d.outcome.padEnd(12)} ${floor.padEnd(10)} ${d.rule ?? d.reason ?? ''}`;
}

export function register(program: Command): void {
  program
    .command('autoscale')
    .description('Predictive autoscaler: raise HPA minReplicas ahead of forecast load (fails static)')
    .requiredOption('--config <file>', 'targets to scale (YAML or JSON)', pathArgument)
    .option('--kubeconfig <file>', 'kubeconfig (default: KUBECONFIG, then in-cluster)', pathArgument)
    .option('--dry-run', 'decide and report, change nothing')
    .option('--once', 'one decision per target, then exit')
    .option('--json', 'print the decisions as one JSON document (with --once)')
    .action(
      action(async (opts: Options) => {
        // Loaded on use: the Kubernetes client costs seconds of start-up every other command need not pay.
        const { loadConfig, runAutoscaler } = await import('../../autoscaler/index.ts');
        const config = loadConfig(opts.config);
        const controller = new AbortController();
        const stop = () => controller.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        const { decisions } = await runAutoscaler({
          config,
          kubeconfig: opts.kubeconfig,
          dryRun: Boolean(opts.dryRun),
          once: Boolean(opts.once),
          // A one-shot run does not need to serve /metrics.
          metricsPort: opts.once ? null : undefined,
          signal: controller.signal,
        });
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        if (opts.json) printJson({ decisions });
        else if (opts.once) {
          process.stdout.write(`${'target'.padEnd(28)} ${'outcome'.padEnd(12)} ${'floor'.padEnd(10)} rule\n`);
          for (const d of decisions) process.stdout.write(`${row(d)}\n`);
        }
        if (decisions.some((d) => d.outcome === 'fail-static')) process.exitCode = 1;
      }),
    );
}
