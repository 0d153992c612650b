import assert from 'node:assert/strict';
import { existsSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { InputError } from './errors.ts';
import { makeDirectory } from './output-files.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'headroom-mkdir-'));
after(() => rm(dir, { recursive: true, force: true }));

const refused = (target: string, why: RegExp) =>
  assert.throws(
    () => makeDirectory(target, '--out'),
    (error: unknown) =>
      error instanceof InputError &&
      error.message.startsWith(`--out: cannot use ${target} as a folder (`) &&
      why.test(error.message),
  );

test('makes the missing levels, and again is a no-op', () => {
  const target = path.join(dir, 'a', 'b', 'c');
  makeDirectory(target, '--out');
  makeDirectory(target, '--out');
  assert.ok(statSync(target).isDirectory());
});

test('ends with one clear error below /proc, where a recursive mkdir spins for ever', () => {
  // Node's mkdirSync(..., {recursive: true}) does not return here on Linux.
  refused('/proc/headroom-x/y', /ENOENT at \/proc\/headroom-x\)$/);
  refused('/proc/headroom-x', /ENOENT/);
});

test('a file, a path through a file and a dangling symlink are refused', () => {
  const file = path.join(dir, 'file');
  writeFileSync(file, '');
  refused(file, /it is a file/);
  refused(path.join(file, 'x'), /ENOTDIR/);
  const dangling = path.join(dir, 'dangling');
  symlinkSync(path.join(dir, 'nowhere'), dangling);
  refused(dangling, /EEXIST/);
  refused(path.join(dangling, 'x'), /EEXIST/);
  assert.ok(!existsSync(path.join(dir, 'nowhere')));
});
