import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../common/paths.ts';
import { k6Path, k6Version } from './k6-binary.ts';

test('the built k6 is the version scripts/tools/k6 pins', () => {
  const script = readFileSync(path.join(repoRoot, 'scripts', 'tools', 'k6'), 'utf8');
  assert.match(script, new RegExp(`k6_version="${k6Version.replace(/\./g, '\\.')}"`));
  const out = execFileSync(k6Path(), ['version'], { encoding: 'utf8' });
  assert.match(out, new RegExp(`^k6 ${k6Version.replace(/\./g, '\\.')} `));
});

test('a missing k6 is one clear error that says how to get it', () => {
  const saved = process.env.HEADROOM_K6;
  process.env.HEADROOM_K6 = path.join(repoRoot, '.tools', 'bin', 'no-such-k6');
  try {
    assert.throws(() => k6Path(), /k6 is not installed at .*no-such-k6: run scripts\/setup \(it builds k6 v/);
  } finally {
    if (saved === undefined) delete process.env.HEADROOM_K6;
    else process.env.HEADROOM_K6 = saved;
  }
});
