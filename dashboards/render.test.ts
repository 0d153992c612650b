import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { repoRoot } from '../common/paths.ts';
import { loadSlo } from '../common/slo.ts';
import { dashboards } from './grafana/index.ts';
import { layout, renderFiles, staleFiles } from './render.ts';
import { panelQueries, usedVariables } from './testing/queries.ts';

const headroom = path.join(repoRoot, 'bin', 'headroom');
const slo = loadSlo();

test('rendering twice gives the same bytes, and the committed render is current', () => {
  const first = renderFiles(slo, layout());
  const second = renderFiles(slo, layout());
  assert.deepEqual([...first.entries()], [...second.entries()]);
  assert.deepEqual(
    staleFiles(first, layout()),
    [],
    'dashboards/rendered is stale: run headroom dashboards render',
  );
});

test('render --out writes byte-identical files twice; --check catches an edited or extra file', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'headroom-render-'));
  try {
    const run = (...args: string[]) =>
      spawnSync(headroom, ['dashboards', 'render', '--out', out, ...args], { encoding: 'utf8' });
    const first = run('--json');
    assert.equal(first.status, 0, first.stderr);
    const written: string[] = JSON.parse(first.stdout).written;
    assert.ok(written.length >= 10);
    const snapshot = new Map(written.map((f) => [f, readFileSync(path.resolve(repoRoot, f), 'utf8')]));
    assert.equal(run().status, 0);
    for (const [file, content] of snapshot)
      assert.equal(readFileSync(path.resolve(repoRoot, file), 'utf8'), content, file);
    assert.equal(run('--check').status, 0);

    const processor = path.join(out, 'grafana', 'processor.json');
    writeFileSync(
      processor,
      readFileSync(processor, 'utf8').replace('Headroom / Processor', 'Edited by hand'),
    );
    const stale = run('--check');
    assert.equal(stale.status, 1);
    assert.equal(stale.stderr.trim().split('\n').length, 1);
    assert.match(stale.stderr, /stale .*processor\.json/);

    assert.equal(run().status, 0);
    writeFileSync(path.join(out, 'grafana', 'left-over.json'), '{}');
    assert.match(run('--check').stderr, /left-over\.json/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('dashboards have stable unique UIDs and declare every variable their queries use', () => {
  const built = dashboards(slo);
  assert.deepEqual(
    built.map((d) => d.dashboard.uid),
    ['headroom-processor', 'headroom-capacity-review', 'headroom-autoscaler', 'headroom-load-test'],
  );
  for (const { dashboard } of built) {
    const declared = new Set((dashboard.templating?.list ?? []).map((v) => v.name));
    assert.ok(
      declared.has('datasource') && declared.has('namespace'),
      `${dashboard.uid}: datasource + namespace`,
    );
    const used = new Set<string>();
    for (const query of panelQueries(dashboard)) for (const v of usedVariables(query.expr)) used.add(v);
    for (const variable of dashboard.templating?.list ?? []) {
      const q = variable.query;
      const text = typeof q === 'string' ? q : typeof q?.query === 'string' ? q.query : '';
      for (const v of usedVariables(text)) used.add(v);
    }
    for (const v of used) assert.ok(declared.has(v), `${dashboard.uid} uses $${v} without declaring it`);
  }
});

test('every panel has a title, a description, a unit, a datasource and at least one query', () => {
  for (const { dashboard } of dashboards(slo)) {
    const panels = (dashboard.panels ?? []).filter((p): p is Panel => p.type !== 'row');
    assert.ok(panels.length >= 5, `${dashboard.uid} has ${panels.length} panels`);
    for (const panel of panels) {
      const where = `${dashboard.uid} / ${panel.title ?? '(untitled)'}`;
      assert.ok(panel.title && panel.title.trim(), `${where}: title`);
      assert.ok(
        'description' in panel && typeof panel.description === 'string' && panel.description.length > 20,
        `${where}: description`,
      );
      assert.ok(panel.fieldConfig?.defaults?.unit, `${where}: unit`);
      assert.equal(panel.datasource?.uid, '${datasource}', `${where}: datasource variable`);
      assert.ok((panel.targets ?? []).length > 0, `${where}: queries`);
    }
  }
});

test('SLO thresholds in panels follow slo.json', () => {
  const processor = dashboards(slo).find((d) => d.file === 'processor')!.dashboard;
  const latency = (processor.panels ?? []).find(
    (p): p is Panel => p.type !== 'row' && p.title === 'Ingest latency percentiles vs SLO',
  );
  const steps = (latency?.fieldConfig?.defaults?.thresholds?.steps ?? []).map((s) => s.value);
  assert.deepEqual(steps, [null, slo.ingestLatency.p95Ms / 1000, slo.ingestLatency.p99Ms / 1000]);
  // And a different SLO file changes the render: nothing is hard-coded.
  const tighter = { ...slo, ingestLatency: { p95Ms: 120, p99Ms: 300 } };
  const rendered = renderFiles(tighter, layout(path.join(tmpdir(), 'unused')));
  const json = [...rendered.entries()].find(([f]) => f.endsWith('processor.json'))![1];
  assert.match(json, /"value": 0\.12,/);
  const rules = [...rendered.entries()].find(([f]) => f.endsWith('headroom-recording.rules.yml'))![1];
  assert.match(rules, /le="0\.12"/);
});

test('committed render folder holds only rendered files', () => {
  const rendered = renderFiles(slo, layout());
  const grafana = readdirSync(path.join(repoRoot, 'dashboards', 'rendered', 'grafana')).filter((f) =>
    f.endsWith('.json'),
  );
  assert.equal(grafana.length, [...rendered.keys()].filter((f) => f.endsWith('.json')).length);
});

test('an unusable --out is one clear line and exit 2', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-render-bad-'));
  try {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const run = spawnSync(headroom, ['dashboards', 'render', '--out', path.join(file, 'x')], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 2);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.match(run.stderr, /^headroom: --out: cannot use \S+a-file\/x as a folder \(ENOTDIR at \S+\)$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
