import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../../common/errors.ts';
import { parseTrace, readTrace, seriesToCsv } from './index.ts';

test('parses ISO-8601 and Unix-seconds traces onto regular UTC steps', () => {
  const iso = parseTrace('timestamp,value\n2026-01-01T00:00:00Z,1\n2026-01-01T00:05:00Z,2.5\n', 'a.csv');
  assert.deepEqual(iso.series, { start: Date.UTC(2026, 0, 1), stepMs: 300_000, values: [1, 2.5] });
  assert.deepEqual(iso.gaps, []);
  const unix = parseTrace('timestamp,value\n1767225600,1\n1767225900,2\n', 'b.csv');
  assert.equal(unix.series.start, Date.UTC(2026, 0, 1));
  assert.equal(unix.series.stepMs, 300_000);
});

test('blank values and skipped rows are gaps, reported', () => {
  const text = 'timestamp,value\n0,1\n60,\n120,3\n300,5\n360,6\n';
  const { series, gaps, notes } = parseTrace(text, 'g.csv');
  assert.deepEqual(series.values, [1, null, 3, null, null, 5, 6]);
  assert.deepEqual(gaps, [
    { from: 60_000, steps: 1 },
    { from: 180_000, steps: 2 },
  ]);
  assert.match(notes[0], /3 of 7 intervals missing in 2 gap/);
});

test('a daylight-saving change in local-time stamps with offsets stays on regular UTC steps', () => {
  // Europe/Berlin, 2026-03-29: 01:30+01:00 is followed by 03:30+02:00 one hour later.
  const text =
    'timestamp,value\n2026-03-29T00:30:00+01:00,1\n2026-03-29T01:30:00+01:00,2\n2026-03-29T03:30:00+02:00,3\n';
  const { series, gaps } = parseTrace(text, 'dst.csv');
  assert.equal(series.stepMs, 3_600_000);
  assert.deepEqual(series.values, [1, 2, 3]);
  assert.deepEqual(gaps, []);
});

const bad: Array<[string, string, RegExp]> = [
  ['empty file', '\n  \n', /^x\.csv: empty file/],
  ['header missing', '2026-01-01T00:00:00Z,1\n2026-01-01T00:05:00Z,2\n', /^x\.csv: line 1: header missing/],
  ['only a header', 'timestamp,value\n', /no data rows/],
  ['one point', 'timestamp,value\n0,1\n', /only one point/],
  ['non-numeric value', 'timestamp,value\n0,1\n60,abc\n', /^x\.csv: line 3: value "abc" is not a number$/],
  [
    'bad timestamp',
    'timestamp,value\nyesterday,1\n60,2\n',
    /line 2: timestamp "yesterday" is neither ISO-8601/,
  ],
  ['unsorted', 'timestamp,value\n120,1\n60,2\n', /line 3: timestamps are not sorted/],
  ['duplicate', 'timestamp,value\n60,1\n60,2\n', /line 3: duplicate timestamp "60"/],
  ['negative', 'timestamp,value\n0,1\n60,-2\n', /line 3: value -2 is negative/],
  [
    'too large',
    'timestamp,value\n0,1\n60,1e308\n',
    /line 3: value 1e308 is too large \(at most 1000000000000000\)$/,
  ],
  ['infinite', 'timestamp,value\n0,1e999\n60,2\n', /line 2: value 1e999 is too large/],
  [
    'irregular step',
    'timestamp,value\n0,1\n60,2\n120,3\n150,4\n',
    /line 5: irregular step: 30s .* 1m interval/,
  ],
  ['three fields', 'timestamp,value\n0,1,2\n60,2\n', /line 2: expected 2 fields/],
  ['all blank', 'timestamp,value\n0,\n60,\n', /every value is blank/],
];
for (const [name, text, message] of bad) {
  test(`bad trace: ${name} is one clear InputError line`, () => {
    assert.throws(
      () => parseTrace(text, 'x.csv'),
      (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.equal(error.exitCode, 2);
        assert.match(error.message, message);
        assert.ok(!error.message.includes('\n'));
        return true;
      },
    );
  });
}

test('readTrace reads a file; seriesToCsv round-trips with gaps', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'headroom-trace-'));
  try {
    const series = { start: Date.UTC(2026, 0, 1), stepMs: 300_000, values: [1, null, 2.25, 0] };
    const file = path.join(dir, 't.csv');
    await writeFile(file, seriesToCsv(series));
    const parsed = await readTrace(file);
    assert.deepEqual(parsed.series, series);
    await assert.rejects(
      readTrace(path.join(dir, 'missing.csv')),
      /cannot read trace .*missing\.csv: no such file/,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
