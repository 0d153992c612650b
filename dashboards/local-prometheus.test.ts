/**
 * The shared local Prometheus (scripts/services.d/prometheus.sh, started by `npm test` via
 * `scripts/services up`): read-only checks that it runs the way the toolkit relies on.
 * Nothing here changes it, other tests never scrape into it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { localServices } from '../common/local-services.ts';
import { repoRoot } from '../common/paths.ts';
import { loadSlo } from '../common/slo.ts';
import { ruleFiles } from './rules/index.ts';
import { scrapeJobs } from './rules/names.ts';

const url = localServices.prometheusUrl;

async function get<T>(endpoint: string): Promise<T> {
  const res = await fetch(`${url}${endpoint}`);
  assert.equal(res.status, 200, endpoint);
  return ((await res.json()) as { data: T }).data;
}

test('scripts/services reports the local Prometheus up, idempotently', () => {
  for (let i = 0; i < 2; i++) {
    const up = spawnSync(path.join(repoRoot, 'scripts', 'services'), ['up', 'prometheus'], {
      encoding: 'utf8',
    });
    assert.equal(up.status, 0, up.stderr);
  }
  const status = spawnSync(path.join(repoRoot, 'scripts', 'services'), ['status', 'prometheus'], {
    encoding: 'utf8',
  });
  assert.equal(status.status, 0);
  assert.match(status.stdout, /prometheus: up/);
});

test('local Prometheus: loopback, remote-write receiver, lifecycle, 5 s scrapes of the three jobs', async () => {
  const flags = await get<Record<string, string>>('/api/v1/status/flags');
  assert.equal(flags['web.listen-address'], '127.0.0.1:19090');
  assert.equal(flags['web.enable-remote-write-receiver'], 'true');
  assert.equal(flags['web.enable-lifecycle'], 'true');
  assert.match(flags['storage.tsdb.path']!, /\.data\/prometheus/);
  const { yaml } = await get<{ yaml: string }>('/api/v1/status/config');
  assert.match(yaml, /scrape_interval: 5s/);
  for (const job of [...Object.values(scrapeJobs), 'extra'])
    assert.match(yaml, new RegExp(`job_name: ${job}\\n`));
  assert.match(yaml, /dashboards\/rendered\/prometheus\/\*\.rules\.yml/);
  assert.match(yaml, /file_sd_configs/);
});

test('local Prometheus loaded every rendered rule without an error', async () => {
  const expected = ruleFiles(loadSlo()).flatMap((f) => f.groups.flatMap((g) => g.rules)).length;
  const { groups } = await get<{
    groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }>;
  }>('/api/v1/rules');
  const rules = groups.flatMap((g) => g.rules);
  assert.equal(rules.length, expected);
  for (const rule of rules) assert.notEqual(rule.health, 'err', `${rule.name}: ${rule.lastError}`);
});
