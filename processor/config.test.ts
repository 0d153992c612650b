import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadProcessorConfig, misspelledSettings } from './config.ts';
import { localServices } from '../common/local-services.ts';
import { repoRoot } from '../common/paths.ts';

test('defaults point at the local stack and allow the 1 MB corpus tail', () => {
  const c = loadProcessorConfig({});
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.port, localServices.apiPort);
  assert.equal(c.workerMetricsPort, localServices.workerMetricsPort);
  assert.equal(c.databaseUrl, localServices.databaseUrl);
  assert.equal(c.redisUrl, localServices.redisUrl);
  assert.equal(c.apiKey, localServices.devApiKey);
  assert.equal(c.queuePrefix, 'headroom');
  assert.equal(c.idempotencyRetentionHours, 24);
  assert.ok(c.bodyLimitBytes >= 2 * 1024 * 1024);
  assert.ok(c.rateLimitPerMinute >= 100_000, 'load tests are not throttled by default');
});

test('a bad value is one clear error naming the variable', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ HEADROOM_PORT: '80x' }, /HEADROOM_PORT must be an integer/],
    [{ HEADROOM_PORT: '70000' }, /HEADROOM_PORT must be between 0 and 65535/],
    [{ HEADROOM_WORKER_CONCURRENCY: '0' }, /HEADROOM_WORKER_CONCURRENCY must be between 1/],
    [{ HEADROOM_WORKER_NICE: '20' }, /HEADROOM_WORKER_NICE must be between 0 and 19/],
    [
      { HEADROOM_IDEMPOTENCY_RETENTION_HOURS: '0' },
      /HEADROOM_IDEMPOTENCY_RETENTION_HOURS must be between 1 and 8760/,
    ],
    [{ HEADROOM_REDIS_URL: 'http://x' }, /HEADROOM_REDIS_URL must use redis:/],
    [{ HEADROOM_DATABASE_URL: 'nope' }, /HEADROOM_DATABASE_URL must be a URL/],
    [{ HEADROOM_QUEUE_PREFIX: 'a b' }, /HEADROOM_QUEUE_PREFIX must be/],
    [{ HEADROOM_LOG_LEVEL: 'loud' }, /HEADROOM_LOG_LEVEL must be one of/],
    [{ HEADROOM_API_KEY: 'short' }, /HEADROOM_API_KEY must be at least 12/],
    [{ HEADROOM_API_KEY_PREVIOUS: 'short' }, /HEADROOM_API_KEY_PREVIOUS must be at least 12 characters/],
    [{ HEADROOM_API_KEY: 'hr key with spaces' }, /HEADROOM_API_KEY must be printable ASCII without spaces/],
    [{ HEADROOM_API_KEY: 'hr_clé_de_test_123' }, /HEADROOM_API_KEY must be printable ASCII without spaces/],
    [{ HEADROOM_API_KEY: `hr_${'x'.repeat(1100)}` }, /HEADROOM_API_KEY must be at most 1024 characters/],
    [
      { HEADROOM_API_KEY: 'hr_same_key_twice', HEADROOM_API_KEY_PREVIOUS: 'hr_same_key_twice' },
      /HEADROOM_API_KEY_PREVIOUS is the same key as HEADROOM_API_KEY: unset it/,
    ],
    [
      { HEADROOM_BODY_LIMIT_BYTES: '99999999999999' },
      /HEADROOM_BODY_LIMIT_BYTES must be between 1024 and 67108864/,
    ],
  ];
  for (const [env, message] of cases) assert.throws(() => loadProcessorConfig(env), message);
});

test('headroom serve with a bad value exits 2 with one line', async () => {
  const run = promisify(execFile);
  const error = await run(path.join(repoRoot, 'bin', 'headroom'), ['serve'], {
    env: { ...process.env, HEADROOM_MAX_QUEUE_DEPTH: 'lots' },
  }).then(
    () => assert.fail('should have failed'),
    (e: { code: number; stderr: string }) => e,
  );
  assert.equal(error.code, 2);
  assert.equal(error.stderr.trim(), 'headroom: HEADROOM_MAX_QUEUE_DEPTH must be an integer, got "lots"');
});

test('a misspelled setting is named with the one it looks like; other HEADROOM_* variables are not', () => {
  assert.deepEqual(
    misspelledSettings({
      HEADROOM_BODY_LIMIT: '5000000',
      HEADROOM_WORKER_CONCURENCY: '8',
      HEADROOM_PORT: '8080',
      HEADROOM_K6: '/usr/local/bin/k6',
      HEADROOM_RATE: '50',
      HEADROOM_CATEGORIES_FILE: 'rules.json',
      PATH: '/usr/bin',
    }),
    [
      'HEADROOM_BODY_LIMIT is not a setting and is ignored: did you mean HEADROOM_BODY_LIMIT_BYTES?',
      'HEADROOM_WORKER_CONCURENCY is not a setting and is ignored: did you mean HEADROOM_WORKER_CONCURRENCY?',
    ],
  );
});
