import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../common/paths.ts';
import { startProcessor, type LocalProcessor } from './testing/local-processor.ts';

// A processor already running holds the ports the second serve and work are given.
let p: LocalProcessor;
before(async () => {
  p = await startProcessor({ workers: 1 });
});
after(() => p?.stop());

const portOf = (url: string) => new URL(url).port;

test('serve and work that cannot start say why in one line and exit 1, instead of hanging', () => {
  const env = {
    ...process.env,
    HEADROOM_DATABASE_URL: p.databaseUrl,
    HEADROOM_REDIS_URL: p.redisUrl,
    HEADROOM_QUEUE_PREFIX: p.queuePrefix,
    HEADROOM_API_KEY: p.apiKey,
    HEADROOM_PORT: '0',
    HEADROOM_WORKER_METRICS_PORT: '0',
  };
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    // These two stayed alive after the line, held by Redis and PostgreSQL connections.
    ['serve', { HEADROOM_PORT: portOf(p.url) }, /EADDRINUSE/],
    ['work', { HEADROOM_WORKER_METRICS_PORT: portOf(p.workerMetricsUrls[0]) }, /EADDRINUSE/],
    ['serve', { HEADROOM_DATABASE_URL: 'postgres://headroom@127.0.0.1:1/headroom' }, /ECONNREFUSED/],
  ];
  for (const [command, overrides, why] of cases) {
    const run = spawnSync(path.join(repoRoot, 'bin', 'headroom'), [command], {
      encoding: 'utf8',
      env: { ...env, ...overrides },
      timeout: 30_000,
    });
    const what = `${command} ${JSON.stringify(overrides)}`;
    assert.equal(run.signal, null, `${what}: still running after 30 s`);
    assert.equal(run.status, 1, `${what}: ${run.stderr}`);
    assert.match(run.stderr, /^headroom: cannot start \(PostgreSQL .+, Redis .+\): .+$/m, what);
    assert.match(run.stderr, why, what);
  }
});
