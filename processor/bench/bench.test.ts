import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { localServices } from '../../common/local-services.ts';
import { databaseNames, redisKeyCount } from '../testing/inspect.ts';
import { openLoopDue } from './load-client.ts';
import { parseMeminfo, watchWriteback } from './writeback.ts';

/** Starts `npm run bench:processor -- --quick` in its own process group, as a terminal would. */
function startBench(): {
  child: ChildProcess;
  stderr: () => string;
  reached: (line: string) => Promise<void>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'processor/bench/bench.ts', '--quick'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    waiters.forEach((w) => w());
  });
  const reached = (line: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => stderr.includes(line) && resolve();
      waiters.push(check);
      child.once('exit', () => reject(new Error(`the benchmark ended before "${line}":\n${stderr}`)));
      check();
    });
  return { child, stderr: () => stderr, reached };
}

const benchQueueKeys = () => redisKeyCount(localServices.redisUrl, 'hr_bench_*');
const runDatabases = () => databaseNames(localServices.databaseUrl, 'headroom_t_');

test('Ctrl-C during a ceiling: exits 130 and leaves no ceiling jobs in Redis', async () => {
  const bench = startBench();
  await bench.reached('ceiling 2/4');
  // Mid-load: past the 1 s warm-up of the bare route's 4 s run.
  await new Promise((r) => setTimeout(r, 2000));
  assert.ok((await benchQueueKeys()) > 0, 'the bare route is enqueueing');
  process.kill(-bench.child.pid!, 'SIGINT');
  const [code] = await once(bench.child, 'exit');
  assert.equal(code, 130, bench.stderr());
  assert.match(bench.stderr(), /stopped the bare enqueue route/);
  assert.equal(await benchQueueKeys(), 0);
});

test('SIGINT while the processor runs: its processes and database are gone', async () => {
  const before = new Set(await runDatabases());
  const bench = startBench();
  await bench.reached('max ingest');
  const children = execFileSync('pgrep', ['-P', String(bench.child.pid)], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map(Number);
  assert.ok(children.length >= 1, 'the API runs as a child process');
  // Only the benchmark gets the signal (kill -INT <pid>): it has to stop its children itself.
  bench.child.kill('SIGINT');
  const [code] = await once(bench.child, 'exit');
  assert.equal(code, 130, bench.stderr());
  assert.match(bench.stderr(), /stopped the processor/);
  /** Running, as opposed to gone or dead and not yet reaped (a zombie, once it is orphaned). */
  const isAlive = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0] !== 'Z';
    } catch {
      return false;
    }
  };
  // Signals are delivered asynchronously: give the children a moment to go.
  const deadline = Date.now() + 1500;
  let alive = children.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    alive = children.filter(isAlive);
  }
  assert.deepEqual(alive, [], 'no process of the processor is left');
  assert.deepEqual(
    (await runDatabases()).filter((d) => !before.has(d)),
    [],
  );
  assert.equal(await benchQueueKeys(), 0);
});

test('open-loop arrivals ramp up linearly over the warm-up, then hold the rate', () => {
  // 1,000/s with a 1 s ramp: 500 arrivals during the ramp, a quarter of them in its first half.
  assert.equal(openLoopDue(0, 1000, 1000), 0);
  assert.equal(openLoopDue(125, 1000, 1000), 500);
  assert.equal(openLoopDue(500, 1000, 1000), 1000);
  assert.equal(openLoopDue(501, 1000, 1000), 1001);
  assert.equal(openLoopDue(1500, 1000, 1000), 2000);
  const dues = Array.from({ length: 2000 }, (_, k) => openLoopDue(k, 1000, 1000));
  assert.ok(
    dues.every((due, k) => k === 0 || due > dues[k - 1]),
    'arrivals in order',
  );
  assert.equal(openLoopDue(10, 500, 0), 20, 'no warm-up: the rate from the start');
});

test('page-cache figures come from the Dirty and Writeback lines of /proc/meminfo', () => {
  const meminfo = [
    'MemTotal:       24683784 kB',
    'Dirty:            98304 kB',
    'Writeback:        65536 kB',
    'WritebackTmp:         0 kB',
  ].join('\n');
  assert.deepEqual(parseMeminfo(meminfo), { dirtyMB: 96, writebackMB: 64 });
  // WritebackTmp is not Writeback: without the Writeback line there is nothing to report.
  assert.equal(parseMeminfo('Dirty: 1024 kB\nWritebackTmp: 0 kB'), null);
  assert.equal(parseMeminfo(''), null);
});

test('the writeback watcher reports the peaks it sampled on Linux', async () => {
  const watch = watchWriteback(5);
  await new Promise((r) => setTimeout(r, 30));
  const peak = watch.stop();
  assert.ok(peak, 'this is Linux: /proc/meminfo is readable');
  const now = parseMeminfo(readFileSync('/proc/meminfo', 'utf8'))!;
  assert.ok(peak.peakDirtyMB >= 0 && peak.peakWritebackMB >= 0);
  // The page cache moves between samples, but not by gigabytes in 30 ms.
  assert.ok(Math.abs(peak.peakDirtyMB - now.dirtyMB) < 1024, `${peak.peakDirtyMB} vs ${now.dirtyMB} MB`);
});
