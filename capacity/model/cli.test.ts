import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../common/paths.ts';
import { checkWellFormedXml } from '../charts/index.ts';
import { Command } from 'commander';
import { register } from '../../cli/commands/capacity.ts';
import { searchSummary } from './test-fixtures.ts';

const headroom = path.join(repoRoot, 'bin', 'headroom');
const dir = mkdtempSync(path.join(tmpdir(), 'headroom-capacity-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: unknown) => {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

const summaryFile = file(
  'summary.json',
  searchSummary({ rates: [20, 40, 80, 120, 160, 200, 240], failAt: 200, replicas: 2 }),
);
const t0 = Date.UTC(2026, 0, 5);
const forecastFile = file('forecast.json', {
  model: 'holt-winters-additive',
  step: '15m',
  points: Array.from({ length: 8 }, (_, i) => ({
    timestamp: new Date(t0 + i * 900_000).toISOString(),
    p50: 900 * (50 + i * 10),
    p90: 900 * (60 + i * 20),
  })),
  accuracy: { mase: 0.7 },
});

/** The real binary: a few runs, to cover main.ts, commander and the exit code end to end. */
function spawn(...args: string[]) {
  return spawnSync(headroom, ['capacity', ...args], { encoding: 'utf8' });
}

/**
 * The same command in this process (each spawn costs ~1.5 s of tsx start-up on a busy machine):
 * the registered command with stdout/stderr captured and the exit code `action()` sets.
 */
async function run(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const program = new Command('headroom')
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  register(program);
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  // Only strings: the test runner talks to its parent over stdout in binary chunks.
  process.stdout.write = ((chunk: unknown, ...rest: never[]) =>
    typeof chunk === 'string'
      ? ((stdout += chunk), true)
      : out(chunk as Uint8Array, ...rest)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown, ...rest: never[]) =>
    typeof chunk === 'string'
      ? ((stderr += chunk), true)
      : err(chunk as Uint8Array, ...rest)) as typeof process.stderr.write;
  const before = process.exitCode;
  let status: number;
  try {
    await program.parseAsync(['node', 'headroom', 'capacity', ...args]);
    status = Number(process.exitCode ?? 0);
  } catch (error) {
    // A commander usage error (main.ts turns these into exit 2).
    stderr += `${(error as Error).message}\n`;
    status = 2;
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = before;
  }
  return { status, stdout, stderr };
}

test('capacity plan --json: one document with the hourly plan; the table by default', async () => {
  const chart = path.join(dir, 'plan.svg');
  const json = spawn(
    'plan',
    '--loadtest',
    summaryFile,
    '--forecast',
    forecastFile,
    '--replicas',
    '2',
    '--chart',
    chart,
    '--json',
  );
  assert.equal(json.status, 0, json.stderr);
  const doc = JSON.parse(json.stdout);
  assert.equal(doc.capacity.perPodServiceRate, 80);
  assert.deepEqual(
    doc.plan.hours.map((h: { hour: string }) => h.hour),
    ['2026-01-05T00:00:00Z', '2026-01-05T01:00:00Z'],
  );
  assert.equal(doc.plan.hours[1].demandRate, 200, 'p90 is the default quantile, per second');
  assert.equal(doc.plan.current.replicas, 2);
  checkWellFormedXml(readFileSync(chart, 'utf8'));

  const human = await run('plan', '--loadtest', summaryFile, '--forecast', forecastFile, '--quantile', '0.5');
  assert.equal(human.status, 0, human.stderr);
  assert.match(human.stdout, /^hour \(UTC\)\s+demand\/s p50\s+arrivals\s+replicas/m);
  assert.match(human.stdout, /^2026-01-05 01:00\s+120\s/m);
  assert.match(human.stdout, /^peak\s+\d+ replicas? at 2026-01-05T01:00:00Z/m);
  assert.match(human.stdout, /^cost\s+[\d.]+ pod-hours/m);
  assert.match(human.stdout, /^run-out\s/m);
});

test('capacity fit prints the USL fit; --json and --chart', async () => {
  const chart = path.join(dir, 'fit.svg');
  const out = await run('fit', '--loadtest', summaryFile, '--json', '--chart', chart);
  assert.equal(out.status, 0, out.stderr);
  const doc = JSON.parse(out.stdout);
  assert.ok(doc.usl.r2 > 0.9);
  assert.equal(doc.replicas, 2);
  assert.match(readFileSync(chart, 'utf8'), /USL fit/);
  const human = await run('fit', '--loadtest', summaryFile);
  assert.match(human.stdout, /^USL\s+σ=/m);
});

test('bad input: one clear line and exit 2', async () => {
  const real = spawn('plan', '--loadtest', summaryFile, '--forecast', forecastFile, '--headroom', '2');
  assert.equal(real.status, 2);
  assert.equal(real.stderr, 'headroom: --headroom must be a fraction in [0, 1) such as 0.2, got "2"\n');

  const cases: Array<[string[], RegExp]> = [
    [['plan', '--forecast', forecastFile], /required option '--loadtest <file>'/],
    [
      ['plan', '--loadtest', path.join(dir, 'missing.json'), '--forecast', forecastFile],
      /load-test summary .*missing.json: no such file/,
    ],
    [['plan', '--loadtest', file('empty.json', ''), '--forecast', forecastFile], /the file is empty/],
    [['plan', '--loadtest', file('bad.json', '{nope'), '--forecast', forecastFile], /not valid JSON/],
    [
      ['plan', '--loadtest', forecastFile, '--forecast', forecastFile],
      /kind is undefined, expected "headroom.capacity-search\/v1"/,
    ],
    [['plan', '--loadtest', summaryFile, '--forecast', summaryFile], /a load-test summary .* not a forecast/],
    [
      ['plan', '--loadtest', summaryFile, '--forecast', forecastFile, '--headroom', '2'],
      /--headroom must be a fraction/,
    ],
    [
      ['plan', '--loadtest', summaryFile, '--forecast', forecastFile, '--pod-startup', 'soon'],
      /--pod-startup must be a duration/,
    ],
    [
      ['plan', '--loadtest', summaryFile, '--forecast', forecastFile, '--replicas', '-1'],
      /--replicas must be a whole number/,
    ],
    [
      ['plan', '--loadtest', summaryFile, '--forecast', forecastFile, '--quantile', '0.99'],
      /no 0.99 quantile/,
    ],
    [
      ['plan', '--loadtest', summaryFile, '--forecast', file('nopoints.json', { step: 60, points: [] })],
      /points must be a non-empty array/,
    ],
    [
      ['fit', '--loadtest', summaryFile, '--chart', path.join(dir, 'x.png')],
      /--chart must name an .svg file/,
    ],
  ];
  for (const [args, message] of cases) {
    const out = await run(...args);
    assert.equal(out.status, 2, `${args.join(' ')}: exit ${out.status}, ${out.stderr}`);
    const lines = out.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${args.join(' ')}: ${out.stderr}`);
    assert.match(lines[0], message);
    assert.equal(out.stdout, '');
  }
});
