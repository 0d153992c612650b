import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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
