import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadSlo } from '../../common/slo.ts';
import { layout, renderFiles } from '../render.ts';
import { ruleFiles } from './index.ts';
import { isAlert } from './types.ts';
import { coveredAlerts, promtoolTests } from './unit-tests.ts';
import { toYaml } from './yaml.ts';

const { outDir, testsDir } = layout();
const promDir = path.join(outDir, 'prometheus');
const slo = loadSlo();

function promtool(...args: string[]) {
  return spawnSync('promtool', args, { encoding: 'utf8' });
}

test('promtool check rules accepts every rendered rule file', () => {
  const files = readdirSync(promDir).filter((f) => f.endsWith('.rules.yml'));
  assert.ok(files.length >= 2);
  const run = promtool('check', 'rules', ...files.map((f) => path.join(promDir, f)));
  assert.equal(run.status, 0, run.stdout + run.stderr);
});

test('promtool test rules: every alert fires on a series that should and stays quiet on one that should not', () => {
  const alerts = ruleFiles(slo)
    .flatMap((f) => f.groups)
    .flatMap((g) => g.rules)
    .filter(isAlert)
    .map((r) => r.alert);
  assert.ok(alerts.length >= 15);
  const { fires, quiet } = coveredAlerts(promtoolTests(slo, ruleFiles(slo), '.'));
  for (const alert of alerts) {
    assert.ok(fires.has(alert), `${alert} has no test where it fires`);
    assert.ok(quiet.has(alert), `${alert} has no test where it stays quiet`);
  }
  const tests = readdirSync(testsDir).filter((f) => f.endsWith('.yml'));
  assert.ok(tests.length >= 2);
  const run = promtool('test', 'rules', ...tests.map((f) => path.join(testsDir, f)));
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal((run.stdout.match(/SUCCESS/g) ?? []).length, tests.length);
});

test('promtool test rules fails when a rule drifts from its test (the tests can fail)', async () => {
  const { mkdtempSync, writeFileSync, mkdirSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-rules-'));
  try {
    const where = { outDir: dir, testsDir: path.join(dir, 'tests') };
    // Tests generated from the real SLO, rules from a looser one: the fast-burn threshold moves.
    const looser = { ...slo, availability: { ...slo.availability, objective: 0.9 } };
    const drifted = renderFiles(looser, where);
    for (const [file, content] of drifted) {
      if (!file.endsWith('.rules.yml')) continue;
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    // Only the availability fast-burn cases: enough to show a drift is caught, and quick.
    const burn = promtoolTests(
      slo,
      ruleFiles(slo),
      path.relative(where.testsDir, path.join(dir, 'prometheus')),
    ).find((t) => t.name === 'slo-burn-rate')!;
    burn.doc.tests = burn.doc.tests.filter((t) => t.name.startsWith('IngestAvailabilityBurnRate14_4x'));
    assert.equal(burn.doc.tests.length, 3);
    mkdirSync(where.testsDir, { recursive: true });
    const file = path.join(where.testsDir, 'fast-burn.yml');
    writeFileSync(file, toYaml(burn.doc));
    const run = promtool('test', 'rules', file);
    assert.notEqual(run.status, 0);
    assert.match(run.stdout + run.stderr, /IngestAvailabilityBurnRate/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
