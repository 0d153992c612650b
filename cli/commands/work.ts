import type { Command } from 'commander';
import { action } from '../run.ts';

export function register(program: Command): void {
  program
    .command('work')
    .description('Run a document worker: takes jobs from the queue and runs the pipeline')
    .addHelpText(
      'after',
      '\nEnvironment: HEADROOM_WORKER_CONCURRENCY, HEADROOM_WORKER_METRICS_PORT (0 = any free port),\n' +
        'HEADROOM_DATABASE_URL, HEADROOM_REDIS_URL, HEADROOM_QUEUE_PREFIX, HEADROOM_JOB_LOCK_MS, HEADROOM_LOG_LEVEL.',
    )
    .action(
      action(async () => {
        const { loadProcessorConfig } = await import('../../processor/config.ts');
        const { startWorker } = await import('../../processor/worker/main.ts');
        const { runUntilSignal } = await import('../../processor/lifecycle.ts');
        const config = loadProcessorConfig();
        const worker = await startWorker(config);
        process.stderr.write(`headroom work: ready, metrics on ${worker.metricsUrl}\n`);
        await runUntilSignal('work', worker.close);
      }),
    );
}
