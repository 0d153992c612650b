import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { checkWellFormedXml } from '../../capacity/charts/index.ts';
import { seriesToCsv } from '../../capacity/trace/index.ts';
import { repoRoot } from '../../common/paths.ts';

const exec = promisify(execFile);
const headroom = path.join(repoRoot, 'bin', 'headroom');
let dir: string;
let trace: string;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'headroom-backtest-cli-'));
  trace = path.join(dir, 'trace.csv');
  // Two days of 5-minute intervals: quiet nights, a 09:00-17:00 plateau four times as busy.
  const values = Array.from({ length: 2 * 288 }, (_, i) => (i % 288 >= 108 && i % 288 < 204 ? 1200 : 300));
  await writeFile(trace, seriesToCsv({ start: Date.UTC(2026, 0, 5), stepMs: 300_000, values }));
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('headroom backtest --json prints the three policies and writes the chart', async () => {
  const chart = path.join(dir, 'backtest.svg');
  const { stdout, stderr } = await exec(headroom, [
    'backtest',
    '--trace',
    trace,
    '--service-rate',
    '0.5',
    '--startup',
    '90s',
    '--model',
    'seasonal-naive-daily',
    '--json',
    '--chart',
    chart,
  ]);
  const out = JSON.parse(stdout) as { policies: Record<string, Record<string, number>> };
  assert.deepEqual(Object.keys(out.policies).sort(), ['oracle', 'predictive', 'reactive']);
  for (const p of Object.values(out.policies)) {
    assert.deepEqual(Object.keys(p).sort(), [
      'p95WaitSeconds',
      'podHours',
      'scaleEvents',
      'violationMinutes',
    ]);
  }
  assert.equal(out.policies.oracle.violationMinutes, 0);
  assert.ok(out.policies.reactive.violationMinutes > out.policies.predictive.violationMinutes);
  assert.match(stderr, /replaying: 100%/);
  const svg = await readFile(chart, 'utf8');
  assert.match(svg, /^<svg|^<\?xml/);
  checkWellFormedXml(svg);
  assert.match(svg, /predictive replicas/);
});

test('headroom backtest: bad input is one line and exit 2', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--trace', path.join(dir, 'missing.csv')], /cannot read trace .*missing\.csv: no such file/],
    [['--trace', trace, '--tick', '3'], /--tick must be 1 or 5/],
    [['--trace', trace, '--startup', 'soon'], /--startup: expected a duration/],
  ];
  for (const [args, message] of cases) {
    const result = await exec(headroom, ['backtest', ...args]).then(
      () => assert.fail(`expected ${args.join(' ')} to fail`),
      (error: { code: number; stderr: string }) => error,
    );
    assert.equal(result.code, 2, args.join(' '));
    const lines = result.stderr.split('\n').filter((l) => l && !l.startsWith('npm warn'));
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0], message);
  }
});
