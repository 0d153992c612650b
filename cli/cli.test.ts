import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../common/paths.ts';

const headroom = path.join(repoRoot, 'bin', 'headroom');

test('--help lists every command of DESIGN.md', () => {
  const run = spawnSync(headroom, ['--help'], { encoding: 'utf8' });
  assert.equal(run.status, 0);
  for (const command of [
    'serve',
    'work',
    'loadtest',
    'forecast',
    'capacity',
    'backtest',
    'autoscale',
    'review',
    'dashboards',
  ]) {
    assert.match(run.stdout, new RegExp(`^\\s+${command}\\b`, 'm'));
  }
});

test('an unknown command is one clear line and exit 2', () => {
  const run = spawnSync(headroom, ['frobnicate'], { encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.equal(run.stderr.trim().split('\n').length, 1);
  assert.match(run.stderr, /unknown command 'frobnicate'/);
});

test('an empty file or folder option is one clear line and exit 2, and nothing is written', () => {
  const rendered = path.join(repoRoot, 'dashboards', 'rendered', 'grafana', 'processor.json');
  const before = statSync(rendered).mtimeMs;
  for (const args of [
    ['dashboards', 'render', '--out', ''],
    ['review', '--out', ' '],
    ['review', '--slo', ''],
    ['loadtest', 'capacity', '--target', 'http://127.0.0.1:1', '--out', ''],
    ['loadtest', 'smoke', '--target', 'http://127.0.0.1:1', '--slo', ''],
    ['backtest', '--trace', ''],
    ['backtest', '--trace', 'x.csv', '--chart', ''],
    ['forecast', '--trace', '', '--horizon', '1h'],
    ['forecast', '--trace', 'x.csv', '--horizon', '1h', '--chart', ''],
    ['capacity', 'fit', '--loadtest', ''],
    ['capacity', 'plan', '--loadtest', 'a.json', '--forecast', ''],
    ['autoscale', '--config', ''],
    ['autoscale', '--config', 'c.yaml', '--kubeconfig', ''],
  ]) {
    const run = spawnSync(headroom, args, { encoding: 'utf8' });
    assert.equal(run.status, 2, args.join(' '));
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(
      run.stderr,
      /^headroom: option '--\S+ <[^>]+>' argument ' ?' is invalid\. It must name a file or folder\.$/m,
    );
  }
  assert.equal(statSync(rendered).mtimeMs, before, 'the rendered dashboards were not rewritten');
});
