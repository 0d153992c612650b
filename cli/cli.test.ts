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

test('an output path that cannot be made is one clear line and exit 2 before any work, also below /proc', () => {
  // Node's recursive mkdir spins for ever below /proc; a file is not a folder.
  const trace = path.join(repoRoot, 'capacity', 'traces', 'bursty.csv');
  const file = path.join(repoRoot, 'package.json');
  for (const args of [
    ['dashboards', 'render', '--out', '/proc/headroom-x'],
    ['review', '--out', '/proc/headroom-x/report'],
    ['review', '--out', file],
    ['loadtest', 'capacity', '--target', 'http://127.0.0.1:1', '--out', '/proc/headroom-x/search.json'],
    ['loadtest', 'capacity', '--target', 'http://127.0.0.1:1', '--chart', repoRoot],
    ['backtest', '--trace', trace, '--chart', '/proc/headroom-x/backtest.svg'],
    ['forecast', '--trace', trace, '--horizon', '1h', '--chart', path.join(file, 'forecast.svg')],
  ]) {
    const run = spawnSync(headroom, args, { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.signal ?? run.stderr}`);
    assert.match(
      run.stderr.trimEnd(),
      /^headroom: --(out|chart): (cannot use \S+ as a folder \(((ENOENT|ENOTDIR) at \S+|it is a file)\)|\S+ is a folder, not a file)$/,
      args.join(' '),
    );
  }
});

test('an input file that never ends (a device) or is a folder is one clear line and exit 2', () => {
  // Reading /dev/zero used to go on for ever.
  for (const args of [
    ['forecast', '--trace', '/dev/zero', '--horizon', '1h'],
    ['backtest', '--trace', '/dev/urandom'],
    ['capacity', 'fit', '--loadtest', '/dev/zero'],
    ['autoscale', '--config', '/dev/zero', '--once', '--dry-run'],
    ['review', '--slo', '/dev/zero'],
    ['forecast', '--trace', repoRoot, '--horizon', '1h'],
  ]) {
    const run = spawnSync(headroom, args, { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.signal ?? run.stderr}`);
    assert.match(
      run.stderr.trimEnd(),
      /^headroom: .*(is not a regular file|is a folder)\)?$/,
      args.join(' '),
    );
  }
});
