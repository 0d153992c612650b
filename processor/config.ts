import { apiKeyProblem } from '../common/api-key.ts';
import { envBool, envInt, envString, envUrl } from '../common/config.ts';
import { InputError } from '../common/errors.ts';
import { localServices } from '../common/local-services.ts';

type Env = Record<string, string | undefined>;

/** Everything the processor reads from the environment, validated once at start. */
export interface ProcessorConfig {
  host: string;
  port: number;
  workerMetricsPort: number;
  redisUrl: string;
  databaseUrl: string;
  apiKey: string;
  /** While clients switch to a new HEADROOM_API_KEY, the old one keeps working; '' when none. */
  previousApiKey: string;
  queuePrefix: string;
  workerConcurrency: number;
  /**
   * The worker's CPU niceness (0-19). Where the API and workers share cores, a nicer worker
   * leaves the CPU to ingest first: accepted documents wait safely in the queue.
   */
  workerNice: number;
  maxQueueDepth: number;
  batchMax: number;
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  maxAttempts: number;
  /** First retry delay; later retries double it (BullMQ exponential backoff). */
  retryBackoffMs: number;
  /** How long a worker's job lock lives: a killed worker's jobs are recovered after this. */
  jobLockMs: number;
  /** Group-commit window: concurrent inserts within it share one transaction. */
  groupCommitMs: number;
  /** Simulated extra service time per job (capacity experiments, fault tests); 0 in production. */
  extraWorkMs: number;
  /** How often the outbox relay looks for committed documents missing from the queue. */
  relayIntervalMs: number;
  /** Rows younger than this are left to the API's own enqueue-after-commit. */
  relayGraceMs: number;
  /** How long an Idempotency-Key's answer is kept; older ones are pruned and the key is free again. */
  idempotencyRetentionHours: number;
  /** Processed and failed documents are deleted this long after they finished; 0 keeps them. */
  documentRetentionDays: number;
  logLevel: string;
  /** When false, `serve` does not run the outbox relay (a second API replica, for instance). */
  relayEnabled: boolean;
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Jobs one worker runs at once. Each job waits on a claim, a result write and a Redis round
 * trip besides its CPU, and more in flight means fewer, larger batches of each. On 2 cores
 * (bench:processor corpus, two workers) 64 drained a backlog 3-22 % faster than 32 in seven
 * A/B pairs. Memory does not follow the count: draining 200 documents of ~2 MB (the body
 * limit), a worker peaked at 315-326 MB RSS with 64 and 338-415 MB with 32 (the pipeline's
 * garbage sets the peak, not the documents waiting their turn).
 */
export const defaultWorkerConcurrency = 64;

export function loadProcessorConfig(env: Env = process.env): ProcessorConfig {
  const logLevel = envString('HEADROOM_LOG_LEVEL', 'info', env);
  if (!logLevels.includes(logLevel)) {
    throw new InputError(`HEADROOM_LOG_LEVEL must be one of ${logLevels.join(', ')}, got "${logLevel}"`);
  }
  const queuePrefix = envString('HEADROOM_QUEUE_PREFIX', 'headroom', env);
  // The prefix becomes part of every Redis key; keep it to a safe alphabet.
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(queuePrefix)) {
    throw new InputError(
      `HEADROOM_QUEUE_PREFIX must be 1-64 letters, digits, '.', '_' or '-', got "${queuePrefix}"`,
    );
  }
  const apiKey = envString('HEADROOM_API_KEY', localServices.devApiKey, env);
  checkApiKey('HEADROOM_API_KEY', apiKey);
  const previousApiKey = envString('HEADROOM_API_KEY_PREVIOUS', '', env);
  if (previousApiKey) checkApiKey('HEADROOM_API_KEY_PREVIOUS', previousApiKey);
  if (previousApiKey === apiKey) {
    throw new InputError('HEADROOM_API_KEY_PREVIOUS is the same key as HEADROOM_API_KEY: unset it');
  }
  return {
    host: envString('HEADROOM_HOST', '127.0.0.1', env),
    port: envInt('HEADROOM_PORT', localServices.apiPort, { min: 0, max: 65535 }, env),
    workerMetricsPort: envInt(
      'HEADROOM_WORKER_METRICS_PORT',
      localServices.workerMetricsPort,
      { min: 0, max: 65535 },
      env,
    ),
    redisUrl: envUrl('HEADROOM_REDIS_URL', localServices.redisUrl, ['redis:', 'rediss:'], env),
    databaseUrl: envUrl(
      'HEADROOM_DATABASE_URL',
      localServices.databaseUrl,
      ['postgres:', 'postgresql:'],
      env,
    ),
    apiKey,
    previousApiKey,
    queuePrefix,
    workerConcurrency: envInt(
      'HEADROOM_WORKER_CONCURRENCY',
      defaultWorkerConcurrency,
      { min: 1, max: 1000 },
      env,
    ),
    workerNice: envInt('HEADROOM_WORKER_NICE', 0, { min: 0, max: 19 }, env),
    maxQueueDepth: envInt('HEADROOM_MAX_QUEUE_DEPTH', 100_000, { min: 1 }, env),
    batchMax: envInt('HEADROOM_BATCH_MAX', 100, { min: 1, max: 10_000 }, env),
    // A worker holds up to `concurrency` bodies at once: the ceiling keeps that in memory.
    bodyLimitBytes: envInt(
      'HEADROOM_BODY_LIMIT_BYTES',
      2 * 1024 * 1024,
      { min: 1024, max: 64 * 1024 * 1024 },
      env,
    ),
    rateLimitPerMinute: envInt('HEADROOM_RATE_LIMIT_PER_MINUTE', 1_000_000, { min: 1 }, env),
    maxAttempts: envInt('HEADROOM_MAX_ATTEMPTS', 3, { min: 1, max: 100 }, env),
    retryBackoffMs: envInt('HEADROOM_RETRY_BACKOFF_MS', 500, { min: 0 }, env),
    jobLockMs: envInt('HEADROOM_JOB_LOCK_MS', 30_000, { min: 500 }, env),
    groupCommitMs: envInt('HEADROOM_GROUP_COMMIT_MS', 2, { min: 0, max: 1000 }, env),
    extraWorkMs: envInt('HEADROOM_EXTRA_WORK_MS', 0, { min: 0, max: 600_000 }, env),
    relayIntervalMs: envInt('HEADROOM_RELAY_INTERVAL_MS', 2000, { min: 50 }, env),
    relayGraceMs: envInt('HEADROOM_RELAY_GRACE_MS', 5000, { min: 0 }, env),
    idempotencyRetentionHours: envInt('HEADROOM_IDEMPOTENCY_RETENTION_HOURS', 24, { min: 1, max: 8760 }, env),
    documentRetentionDays: envInt('HEADROOM_DOCUMENT_RETENTION_DAYS', 0, { min: 0, max: 36_500 }, env),
    logLevel,
    relayEnabled: envBool('HEADROOM_RELAY', true, env),
  };
}

function checkApiKey(name: string, key: string): void {
  const problem = apiKeyProblem(key);
  if (problem) throw new InputError(`${name} ${problem}`);
}

/** Read elsewhere (the pipeline's rules file, the k6 scripts' rate) and close to a setting's name. */
const otherSettings = ['HEADROOM_CATEGORIES_FILE', 'HEADROOM_RATE'];

/**
 * One warning per HEADROOM_* variable that is no setting but looks like one misspelled
 * (HEADROOM_BODY_LIMIT for HEADROOM_BODY_LIMIT_BYTES): it would be ignored without a word.
 * Other HEADROOM_* variables (the k6 scripts' and the CLI's) are left alone.
 */
export function misspelledSettings(env: Env = process.env): string[] {
  const names = [...settingNames(), ...otherSettings];
  const warnings: string[] = [];
  for (const name of Object.keys(env)
    .filter((n) => n.startsWith('HEADROOM_'))
    .sort()) {
    if (names.includes(name)) continue;
    const near = names.find(
      (known) =>
        known.startsWith(`${name}_`) || name.startsWith(`${known}_`) || editDistance(name, known) <= 2,
    );
    if (near) warnings.push(`${name} is not a setting and is ignored: did you mean ${near}?`);
  }
  return warnings;
}

/** The variables loadProcessorConfig reads, taken from the function itself so the list cannot go stale. */
function settingNames(): string[] {
  const read = new Set<string>();
  const recording = new Proxy<Env>(
    {},
    {
      get(_, name) {
        if (typeof name === 'string') read.add(name);
        return undefined;
      },
    },
  );
  loadProcessorConfig(recording);
  return [...read];
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length];
}
