import assert from 'node:assert/strict';
import { closeSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { readInputFile } from './input-files.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'headroom-input-'));
after(() => rm(dir, { recursive: true, force: true }));

test('reads a regular file; refuses a device, a folder, a missing file and a huge file in a few words', () => {
  const small = path.join(dir, 'small.csv');
  writeFileSync(small, 'timestamp,value\n');
  assert.equal(readInputFile(small), 'timestamp,value\n');
  assert.throws(() => readInputFile('/dev/zero'), /^Error: is not a regular file$/);
  assert.throws(() => readInputFile(dir), /^Error: is a folder$/);
  assert.throws(() => readInputFile(path.join(dir, 'missing.json')), /^Error: no such file$/);
  // Sparse: 101 MB on paper, nothing on disk.
  const huge = path.join(dir, 'huge.csv');
  const fd = openSync(huge, 'w');
  ftruncateSync(fd, 101 * 1024 * 1024);
  closeSync(fd);
  assert.throws(() => readInputFile(huge), /^Error: is 101 MB, more than the 100 MB read$/);
});
