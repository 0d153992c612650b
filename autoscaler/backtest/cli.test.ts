import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { checkWellFormedXml } from '../../capacity/charts/index.ts';
import { comparison } from '../../cli/commands/backtest.ts';
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

test('the summary line says a cut, an increase and no violations each in plain words', () => {
  const policy = (violationMinutes: number, podHours: number) => ({
    violationMinutes,
    podHours,
    scaleEvents: 0,
    p95WaitSeconds: 0,
  });
  const line = (reactive: number, predictive: number) =>
    comparison({
      reactive: policy(reactive, 100),
      predictive: policy(predictive, 104),
      oracle: policy(0, 80),
    });
  assert.equal(
    line(50, 10),
    'predictive vs reactive: violation minutes −80 %, pod-hours 104 % of reactive, 130 % of the oracle',
  );
  // More violations than reactive was printed as "−-50 %".
  assert.match(line(10, 15), /violation minutes \+50 %,/);
  assert.match(line(10, 10), /violation minutes the same as reactive,/);
  assert.match(line(0, 0), /violation minutes none, as reactive,/);
  assert.match(line(0, 2.5), /violation minutes 2\.5 where reactive had none,/);
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
