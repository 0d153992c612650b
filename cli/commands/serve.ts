import type { Command } from 'commander';
import { action } from '../run.ts';

export function register(program: Command): void {
  program
    .command('serve')
    .description('Run the document ingest API (configured by HEADROOM_* environment variables)')
    .addHelpText(
      'after',
      '\nEnvironment: HEADROOM_HOST, HEADROOM_PORT (0 = any free port), HEADROOM_DATABASE_URL, HEADROOM_REDIS_URL,\n' +
        'HEADROOM_API_KEY (and HEADROOM_API_KEY_PREVIOUS while rotating it), HEADROOM_QUEUE_PREFIX,\n' +
        'HEADROOM_MAX_QUEUE_DEPTH, HEADROOM_BATCH_MAX, HEADROOM_BODY_LIMIT_BYTES, HEADROOM_RATE_LIMIT_PER_MINUTE,\n' +
        'HEADROOM_MAX_ATTEMPTS, HEADROOM_LOG_LEVEL; every setting: processor/README.md.',
    )
    .option('--json', 'also print one JSON line on stdout when ready (logs are JSON lines on stdout too)')
    .action(
      action(
        async (opts: { json?: boolean }) => {
          // Imported here so other commands do not load the processor's dependencies.
          const { runServe } = await import('../../processor/main.ts');
          await runServe({ json: opts.json === true });
        },
        { exitOnError: true },
      ),
    );
}
