import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Cleanup } from '../../common/cleanup.ts';
import { diskFlushLatency, shareHeldPast } from './disk-flush.ts';

test('shareHeldPast: the part of each slow flush beyond the threshold, over the window', () => {
  // 60 ms holds the first 10 ms of its commits past 50 ms, 250 ms the first 200; 10 ms none.
  assert.equal(shareHeldPast([10, 60, 250], 50, 1000), 0.21);
  assert.equal(shareHeldPast([1, 2, 50], 50, 1000), 0);
  assert.equal(shareHeldPast([], 50, 0), 0);
});

test('diskFlushLatency flushes a real file, reports its tail and removes the file', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'disk-flush-'));
  const cleanup = new Cleanup();
  try {
    // A threshold of 0 ms makes every flush slow, so the slowest list has to be filled.
    const disk = await diskFlushLatency({ dir, durationMs: 300, intervalMs: 1, thresholdMs: 0 }, cleanup);
    assert.ok(disk.flushes >= 10, `${disk.flushes} flushes`);
    const { p50, p99, p999, max } = disk.latencyMs;
    assert.ok(p50 > 0 && p50 <= p99 && p99 <= p999 && p999 <= max, JSON.stringify(disk.latencyMs));
    assert.equal(disk.slowestMs.length, Math.min(10, disk.flushes));
    assert.equal(disk.slowestMs[0], max);
    assert.deepEqual(
      disk.slowestMs,
      [...disk.slowestMs].sort((a, b) => b - a),
    );
    assert.ok(disk.shareHeldPastThreshold > 0);
    assert.deepEqual(await readdir(dir), []);
    const stopped: string[] = [];
    await cleanup.runAll((line) => stopped.push(line));
    assert.deepEqual(stopped, [], 'nothing left to stop');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('diskFlushLatency: an interrupted run (the cleanup runs) leaves no file', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'disk-flush-'));
  const cleanup = new Cleanup();
  try {
    const outcome = diskFlushLatency(
      { dir, durationMs: 60_000, intervalMs: 1, thresholdMs: 50 },
      cleanup,
    ).then(
      () => 'finished',
      (error: Error) => error.message,
    );
    while ((await readdir(dir)).length === 0) await new Promise((r) => setTimeout(r, 10));
    const stopped: string[] = [];
    await cleanup.runAll((line) => stopped.push(line));
    assert.deepEqual(stopped, ['stopped the disk probe']);
    assert.deepEqual(await readdir(dir), []);
    assert.equal(await outcome, 'file closed');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
