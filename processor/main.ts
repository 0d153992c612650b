import { HeadroomError, InputError } from '../common/errors.ts';
import { loadProcessorConfig, misspelledSettings } from './config.ts';
import { runUntilSignal } from './lifecycle.ts';

/** `headroom serve`: the ingest API until SIGTERM; prints one line when listening. */
export async function runServe({ json = false } = {}): Promise<void> {
  const { startApi } = await import('./api/main.ts');
  const config = loadProcessorConfig();
  warnMisspelled('serve');
  const api = await startApi(config).catch((error: unknown) =>
    cannotStart(error, config.databaseUrl, config.redisUrl),
  );
  process.stderr.write(`headroom serve: listening on ${api.url}\n`);
  if (json)
    process.stdout.write(`${JSON.stringify({ command: 'serve', status: 'listening', url: api.url })}\n`);
  await runUntilSignal('serve', api.close);
}

/** `headroom work`: a worker until SIGTERM; prints one line when taking jobs. */
export async function runWork({ json = false } = {}): Promise<void> {
  const { startWorker } = await import('./worker/main.ts');
  const config = loadProcessorConfig();
  warnMisspelled('work');
  const worker = await startWorker(config).catch((error: unknown) =>
    cannotStart(error, config.databaseUrl, config.redisUrl),
  );
  process.stderr.write(`headroom work: ready, metrics on ${worker.metricsUrl}\n`);
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ command: 'work', status: 'ready', metricsUrl: worker.metricsUrl })}\n`,
    );
  }
  await runUntilSignal('work', worker.close);
}

function warnMisspelled(command: string): void {
  for (const warning of misspelledSettings()) process.stderr.write(`headroom ${command}: ${warning}\n`);
}

/** A dependency that is down at start is one clear line (exit 1), not a stack trace. */
function cannotStart(error: unknown, databaseUrl: string, redisUrl: string): never {
  // A configuration the service refuses (a revoked API key) is no dependency being down.
  if (error instanceof InputError) throw error;
  let message = error instanceof Error ? error.message : String(error);
  // node-postgres' words for a server that asked for a password the URL does not have.
  if (/client password must be a (non-empty )?string/.test(message))
    message =
      'PostgreSQL asks for a password and HEADROOM_DATABASE_URL gives none (postgres://user:password@host/db)';
  const where = (url: string) => {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  };
  throw new HeadroomError(
    `cannot start (PostgreSQL ${where(databaseUrl)}, Redis ${where(redisUrl)}): ${message}`,
  );
}

// Run directly (`node --import tsx processor/main.ts serve|work`), this is the same service
// as `headroom serve|work` without loading every other command: tests start many of these.
if (import.meta.url === `file://${process.argv[1]}`) {
  const role = process.argv[2];
  const run = role === 'serve' ? runServe : role === 'work' ? runWork : null;
  if (!run) {
    process.stderr.write('usage: processor/main.ts serve|work\n');
    process.exit(2);
  }
  run().catch((error: unknown) => {
    if (error instanceof HeadroomError) {
      process.stderr.write(`headroom ${role}: ${error.message}\n`);
      process.exit(error.exitCode);
    }
    throw error;
  });
}
