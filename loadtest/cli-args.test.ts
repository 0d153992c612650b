import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { headroom } from './testing.ts';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// Every rule is unit-tested in runner/args.test.ts; these prove the CLI wiring (one line,
// exit 2) for each kind of mistake.
const cases: Array<[string, string[], RegExp]> = [
  ['unknown suite', ['loadtest', 'smokey', '--target', 'http://127.0.0.1:18080'], /unknown suite "smokey"/],
  ['bad URL', ['loadtest', 'smoke', '--target', 'not-a-url'], /--target must be a URL/],
  [
    'non-local target',
    ['loadtest', 'load', '--target', 'http://93.184.216.34'],
    /must be a loopback address/,
  ],
  [
    'bad rate',
    ['loadtest', 'smoke', '--target', 'http://127.0.0.1:1', '--rate', 'fast'],
    /--rate must be a positive/,
  ],
  [
    'bad duration',
    ['loadtest', 'load', '--target', 'http://127.0.0.1:1', '--duration', '3 weeks'],
    /--duration must look like/,
  ],
  ['missing target', ['loadtest', 'smoke'], /--target <url> is required/],
  [
    'capacity: max below start',
    ['loadtest', 'capacity', '--target', 'http://127.0.0.1:1', '--start', '9', '--max', '3'],
    /--max \(3\) must be at least/,
  ],
  [
    'capacity option on a suite',
    ['loadtest', 'load', '--target', 'http://127.0.0.1:1', '--budget', '1m'],
    /--budget does not apply/,
  ],
  [
    'suite option on capacity',
    ['loadtest', 'capacity', '--target', 'http://127.0.0.1:1', '--rate', '5'],
    /--rate does not apply/,
  ],
];

// Started together: each is a separate CLI process, and the machine is shared.
const results = new Map(cases.map(([name, args]) => [name, headroom(args)]));

for (const [name, , message] of cases) {
  test(`bad arguments, one clear line and exit 2: ${name}`, async () => {
    const r = await results.get(name)!;
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], message);
  });
}

test('an unreachable loopback target: one clear line, exit 1, nothing run', async () => {
  const port = await closedPort();
  const r = await headroom(['loadtest', 'smoke', '--target', `http://127.0.0.1:${port}`, '--duration', '2s']);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  // It said only "fetch failed".
  assert.match(r.stderr, /^headroom: target http:\/\/127\.0\.0\.1:\d+ is not answering: ECONNREFUSED$/m);
});

test('--help describes every suite', async () => {
  const r = await headroom(['loadtest', '--help']);
  assert.equal(r.code, 0);
  for (const suite of ['smoke', 'load', 'stress', 'spike', 'soak', 'capacity'])
    assert.match(r.stdout, new RegExp(suite));
});
