import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../../common/errors.ts';
import { repoRoot } from '../../common/paths.ts';
import { checkWellFormedXml } from '../charts/index.ts';
import { seriesToCsv } from '../trace/index.ts';
import { parseDuration, parseHorizon, parseQuantiles, queryRangeSeries } from './index.ts';
import { cleanDaily } from './test-series.ts';
import { freePort } from '../../common/testing/ports.ts';
import { backfill, startPrometheus } from '../../common/testing/prometheus.ts';

const headroom = path.join(repoRoot, 'bin', 'headroom');
const dir = await mkdtemp(path.join(os.tmpdir(), 'headroom-forecast-'));
const children: ChildProcess[] = [];
after(async () => {
  for (const child of children) child.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(headroom, args, { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The last stderr line: progress lines come first, the error line last. */
const errorLine = (stderr: string) => stderr.trim().split('\n').at(-1) ?? '';

const { series } = cleanDaily(); // three weeks of hourly points
const traceFile = path.join(dir, 'hourly.csv');
await writeFile(traceFile, seriesToCsv(series));

test('forecast --json: model, step, quantile points after the last input, backtest accuracy', async () => {
  const chart = path.join(dir, 'f.svg');
  const r = await run([
    'forecast',
    '--trace',
    traceFile,
    '--horizon',
    '1d',
    '--json',
    '--origins',
    '6',
    '--chart',
    chart,
  ]);
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.match(doc.model, /holt-winters|seasonal-naive/);
  assert.equal(doc.step, '1h');
  assert.equal(doc.points.length, 24);
  const lastInput = series.start + (series.values.length - 1) * series.stepMs;
  assert.equal(Date.parse(doc.points[0].timestamp), lastInput + series.stepMs);
  for (const p of doc.points) assert.ok(p.p90 >= p.p50 && p.p50 >= 0);
  assert.equal(doc.accuracy.origins, 6);
  // Progress on stderr while it works: each candidate the auto model scores, the fit, the backtest.
  assert.match(r.stderr, /forecast: auto: candidate 1\/\d+ \S+: MAE [\d.e+-]+ over \d+ origin/);
  assert.match(r.stderr, new RegExp(`forecast: fitting ${doc.model} on ${series.values.length} points`));
  assert.match(r.stderr, new RegExp(`forecast: backtesting ${doc.model} over 6 origins`));
  for (const key of ['mae', 'rmse', 'smape', 'mase', 'relativeMae'])
    assert.equal(typeof doc.accuracy[key], 'number');
  assert.deepEqual(Object.keys(doc.accuracy.coverage), ['0.5', '0.9']);
  const svg = await readFile(chart, 'utf8');
  checkWellFormedXml(svg);
  assert.match(svg, /forecast p90/);
});

test('forecast prints a human table by default and accepts a model and quantiles', async () => {
  const r = await run([
    'forecast',
    '--trace',
    traceFile,
    '--horizon',
    '3',
    '--model',
    'seasonal-naive-daily',
    '--quantiles',
    '0.1,0.5,0.95',
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^model seasonal-naive\/24, step 1h, horizon 3 steps/);
  assert.match(r.stdout, /timestamp\s+p10\s+p50\s+p95/);
  assert.match(r.stdout, /coverage: p10 [\d.]+ {2}p50 [\d.]+ {2}p95/);
});

test('forecast on a history too short to score says so instead of printing NaN errors', async () => {
  const short = path.join(dir, 'short.csv');
  await writeFile(short, 'timestamp,value\n0,3\n300,4\n600,5\n');
  const r = await run(['forecast', '--trace', short, '--horizon', '3']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^backtest: none \(too little history to score a 3-step horizon\)$/m);
  assert.doesNotMatch(r.stdout, /NaN/);
  assert.match(r.stdout, /^timestamp {2,}p50 {2,}p90$/m);
});

test('horizon, duration and quantile arguments: parsed, or one clear InputError', () => {
  assert.equal(parseHorizon('12', 300_000), 12);
  assert.equal(parseHorizon('1h', 300_000), 12);
  assert.equal(parseHorizon('2d', 3_600_000), 48);
  assert.equal(parseHorizon('1h30m', 3_600_000), 2);
  assert.equal(parseDuration('14d', '--range'), 14 * 86_400_000);
  assert.deepEqual(parseQuantiles('0.9, 0.5,0.9'), [0.5, 0.9]);
  assert.throws(() => parseHorizon('soon', 300_000), /horizon "soon" is not a duration/);
  assert.throws(() => parseHorizon('0', 300_000), /at least 1 step/);
  assert.throws(
    () => parseHorizon('99999999999', 300_000),
    /horizon "99999999999" is 99999999999 steps, at most 100000 are forecast$/,
  );
  assert.throws(() => parseHorizon('1000d', 300_000), /is 288000 steps, at most 100000/);
  assert.throws(() => parseDuration('5 min', '--step'), /--step "5 min" is not a duration/);
  assert.throws(() => parseQuantiles('0.5,1.5'), /--quantiles: "1.5" is not between 0 and 1/);
  assert.throws(() => parseQuantiles('0.5,'), /--quantiles: "" is not between 0 and 1/);
});

test('bad input through the CLI: one clear line, exit 2', async () => {
  const empty = path.join(dir, 'empty.csv');
  const duplicate = path.join(dir, 'dup.csv');
  await writeFile(empty, '');
  await writeFile(duplicate, 'timestamp,value\n0,1\n0,2\n');
  const cases: Array<[string[], RegExp]> = [
    [['--trace', empty, '--horizon', '3'], /empty\.csv: empty file/],
    [['--trace', duplicate, '--horizon', '3'], /dup\.csv: line 3: duplicate timestamp/],
    [['--trace', traceFile, '--horizon', '3', '--model', 'oracle'], /--model "oracle" is unknown/],
    [['--trace', traceFile, '--horizon', '3', '--per-second'], /--per-second is for --prometheus queries/],
    [
      // Refused before any request: the port is closed.
      [
        '--prometheus',
        'http://127.0.0.1:1',
        '--query',
        'up',
        '--range',
        '1000d',
        '--step',
        '1m',
        '--horizon',
        '1h',
      ],
      /^headroom: the range covers 1440001 steps, at most 100000 are read: use a longer step or a shorter range$/,
    ],
  ];
  for (const [args, message] of cases) {
    const r = await run(['forecast', ...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(errorLine(r.stderr), message);
    assert.equal(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('headroom:')).length,
      1,
    );
    assert.equal(r.stdout, '');
  }
});

test('forecast --prometheus reads query_range from a real Prometheus (private, backfilled)', async () => {
  // Three days of a daily cycle at 5-minute steps, ending an hour ago, backfilled with
  // promtool into a private TSDB: the shared Prometheus only has live data.
  const step = 300;
  const end = Math.floor(Date.now() / 1000 / step) * step - 3600;
  const spikeAt = end - 400 * step;
  const promDir = path.join(dir, 'prometheus');
  await backfill(
    promDir,
    [
      {
        name: 'demand_per_5m',
        help: 'test demand',
        value: (t) => 100 + 50 * Math.sin((2 * Math.PI * t) / 86400),
      },
      {
        // The same demand as a per-second rate, with one 5-minute spike of +50 %.
        name: 'demand_per_second',
        help: 'test demand, per second',
        value: (t) => ((100 + 50 * Math.sin((2 * Math.PI * t) / 86400)) / step) * (t === spikeAt ? 1.5 : 1),
      },
    ],
    { fromSeconds: end - 863 * step, toSeconds: end, stepSeconds: step },
  );
  const prometheus = await startPrometheus(promDir);
  const url = prometheus.url;
  // Stopped in finally: a failed assertion left it running and the test file never ended.
  try {
    /** Three days of `query` at 5-minute steps, forecast an hour ahead, as JSON. */
    const forecast = async (query: string, flags: string[] = []) => {
      const r = await run([
        'forecast',
        '--prometheus',
        url,
        '--query',
        query,
        '--range',
        '3d',
        '--step',
        '5m',
        '--horizon',
        '1h',
        '--json',
        '--origins',
        '4',
        ...flags,
      ]);
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout);
    };
    const doc = await forecast('demand_per_5m');
    assert.equal(doc.step, '5m');
    assert.equal(doc.points.length, 12);
    assert.ok(
      doc.notes.some((n: string) => /had no sample/.test(n)),
      'the last hour has no samples: reported as gaps',
    );
    // The sine's level is 100 ± 50: a forecast from real history lands in that band.
    for (const p of doc.points) assert.ok(p.p50 > 40 && p.p50 < 160, `p50 ${p.p50}`);

    // Read as counts, a rate of ~0.33/s is a third of an arrival, whose counting noise hides
    // any spike; read as the 100 arrivals per step it stands for, the +50 % spike stands out.
    const asRates: string[] = (await forecast('demand_per_second', ['--per-second'])).notes;
    assert.ok(
      asRates.includes('values read as per-second rates: each stands for 5m of arrivals'),
      asRates.join('; '),
    );
    assert.ok(
      asRates.some((n) => /1 spike\(s\) replaced/.test(n)),
      asRates.join('; '),
    );
    const asCounts: string[] = (await forecast('demand_per_second')).notes;
    assert.ok(!asCounts.some((n) => /spike/.test(n)), asCounts.join('; '));

    await assert.rejects(
      queryRangeSeries({ url, query: 'sum(', start: Date.now() - 600_000, end: Date.now(), stepMs: 60_000 }),
      (error: Error) =>
        error instanceof InputError && /Prometheus rejected the query: bad_data/.test(error.message),
    );
  } finally {
    await prometheus.stop();
  }
});

test('the Prometheus source: one series only, gaps on the grid, unreachable server (recorded responses)', async () => {
  // A recorded query_range answer with two series, served by a real HTTP server.
  const bodies: Record<string, unknown> = {
    two: {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          { metric: { pod: 'a' }, values: [[60, '1']] },
          { metric: { pod: 'b' }, values: [[60, '2']] },
        ],
      },
    },
    one: {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: {},
            values: [
              [60, '1'],
              [180, 'NaN'],
              [240, '4'],
            ],
          },
        ],
      },
    },
  };
  bodies.prefixed = bodies.one;
  const server = http.createServer((req, res) => {
    const query = new URL(req.url!, 'http://x').searchParams.get('query')!;
    if (query === 'prefixed' && !req.url!.startsWith('/prom/api/v1/query_range?')) {
      res.statusCode = 404;
      res.end('404 page not found');
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(bodies[query]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  try {
    await assert.rejects(
      queryRangeSeries({ url, query: 'two', start: 60_000, end: 240_000, stepMs: 60_000 }),
      /query returned 2 series; forecast needs one: aggregate it, e\.g\. sum\(two\)/,
    );
    const s = await queryRangeSeries({ url, query: 'one', start: 60_000, end: 240_000, stepMs: 60_000 });
    assert.deepEqual(s, { start: 60_000, stepMs: 60_000, values: [1, null, null, 4] });
    // Prometheus under a path prefix (behind a proxy, or --web.route-prefix) keeps its prefix.
    for (const base of [`${url}/prom`, `${url}/prom/`]) {
      const prefixed = await queryRangeSeries({
        url: base,
        query: 'prefixed',
        start: 60_000,
        end: 240_000,
        stepMs: 60_000,
      });
      assert.deepEqual(prefixed.values, [1, null, null, 4]);
    }
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  await assert.rejects(
    queryRangeSeries({
      url: `http://127.0.0.1:${await freePort()}`,
      query: 'up',
      start: 0,
      end: 120_000,
      stepMs: 60_000,
    }),
    /cannot reach Prometheus at .*ECONNREFUSED/,
  );
});
