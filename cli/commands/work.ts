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
    .option('--json', 'also print one JSON line on stdout when ready (logs are JSON lines on stdout too)')
    .action(
      action(
        async (opts: { json?: boolean }) => {
          // Imported here so other commands do not load the processor's dependencies.
          const { runWork } = await import('../../processor/main.ts');
          await runWork({ json: opts.json === true });
        },
        { exitOnError: true },
      ),
    );
}
