import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { perPodCapacity } from '../../capacity/model/index.ts';
import type { ReviewDocument } from '../../capacity/report/index.ts';
import { localServices } from '../../common/local-services.ts';
import { repoRoot } from '../../common/paths.ts';
import { loadSlo } from '../../common/slo.ts';

const headroom = path.join(repoRoot, 'bin', 'headroom');
// Short phases: this checks that the review works end to end, not what the machine can take.
const quick = ['--search-budget', '40s', '--step-duration', '6s', '--start', '5', '--step', '10'];
const quickLoad = ['--load-duration', '8s', '--horizon', '2d'];

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Share of pixels that are not (near) white: a blank render is ~0. */
function inkRatio(png: Buffer): number {
  const image = PNG.sync.read(png);
  let ink = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    if (image.data[i] < 230 || image.data[i + 1] < 230 || image.data[i + 2] < 230) ink++;
  }
  return ink / (image.width * image.height);
}

test('headroom review measures, forecasts, plans and writes a report that opens in Chromium', async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'review-'));
  const run = spawnSync(headroom, ['review', ...quick, ...quickLoad, '--out', out, '--json'], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  assert.equal(run.status, 0, run.stderr);
  for (const phase of [
    '[1/7] local stack',
    '[3/7] capacity search',
    '[6/7] demand forecast',
    '[7/7] plan and report',
  ]) {
    assert.ok(run.stderr.includes(phase), `progress shows "${phase}"`);
  }

  for (const file of ['index.html', 'summary.md', 'review.json', 'capacity-search.json', 'load-run.json']) {
    assert.ok(existsSync(path.join(out, file)), `${file} written`);
  }
  const review = JSON.parse(readFileSync(path.join(out, 'review.json'), 'utf8')) as ReviewDocument;
  assert.deepEqual(JSON.parse(run.stdout), review, '--json prints review.json');

  // The numbers agree with the load-test summary they came from.
  const search = JSON.parse(readFileSync(path.join(out, 'capacity-search.json'), 'utf8'));
  assert.deepEqual(review.capacitySearch, search);
  const passing = search.steps
    .filter((s: { passed: boolean }) => s.passed)
    .map((s: { targetRate: number }) => s.targetRate);
  assert.equal(search.maxPassingRate, passing.length ? Math.max(...passing) : 0);
  assert.ok(search.maxPassingRate > 0, 'the local processor takes some load within its SLOs');
  assert.equal(review.capacity.perPodRate, perPodCapacity(search).perPodServiceRate);
  const loadRun = JSON.parse(readFileSync(path.join(out, 'load-run.json'), 'utf8'));
  assert.equal(review.sloRun.passed, loadRun.passed);
  assert.deepEqual(
    review.sloRun.checks.map((c) => c.measured),
    loadRun.slos.map((r: { measured: number | null }) => r.measured),
  );
  const slo = loadSlo();
  assert.ok(review.sloRun.checks.some((c) => c.threshold === slo.ingestLatency.p95Ms));
  assert.equal(review.plan.peakReplicas, Math.max(...review.plan.hours.map((h) => h.replicas)));
  assert.equal(review.plan.hours.length, 48);
  assert.match(review.forecast.sourceDetail, /Prometheus|sample trace/);
  assert.match(readFileSync(path.join(out, 'summary.md'), 'utf8'), /\| Capacity per pod \|/);

  // Everything the review started is stopped.
  assert.ok(await portIsFree(localServices.apiPort), 'processor API stopped');
  assert.ok(await portIsFree(localServices.workerMetricsPort), 'worker stopped');

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${path.join(out, 'index.html')}`);
    const charts = page.locator('figure.chart svg');
    assert.equal(await charts.count(), 5, 'five charts');
    for (let i = 0; i < 5; i++) {
      const chart = charts.nth(i);
      const box = await chart.boundingBox();
      assert.ok(box && box.width > 300 && box.height > 150, `chart ${i} has a size`);
      assert.ok(inkRatio(await chart.screenshot()) > 0.01, `chart ${i} is not blank`);
    }
    const page1 = await page.screenshot({ fullPage: true });
    assert.ok(inkRatio(page1) > 0.02, 'the page is not blank');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('Ctrl-C stops what the review started', async () => {
  const child = spawn(
    headroom,
    ['review', ...quick, ...quickLoad, '--out', mkdtempSync(path.join(tmpdir(), 'review-'))],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no capacity search phase:\n${stderr}`));
    }, 120_000);
    void exited.then(() => reject(new Error(`the review ended before its capacity search:\n${stderr}`)));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('[3/7] capacity search')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.kill('SIGINT');
  const code = await exited;
  assert.equal(code, 130, stderr);
  assert.match(stderr, /stopped processor/);
  assert.ok(await portIsFree(localServices.apiPort), 'processor API stopped');
  assert.ok(await portIsFree(localServices.workerMetricsPort), 'worker stopped');
});

test('bad review arguments are one clear line and exit 2', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--target', 'http://example.com:8080', '--api-key', 'k'], /--target must be a loopback URL/],
    [['--target', 'http://127.0.0.1:1'], /--target needs an API key/],
    [['--workers', '0'], /--workers must be a positive whole number/],
    [['--quantile', '1.5'], /--quantile must be between 0 and 1/],
    [['--horizon', 'soon'], /--horizon must be a duration/],
    [['--horizon', '99999999d'], /^headroom: --horizon must be at most 366d, got "99999999d"$/m],
  ];
  for (const [args, message] of cases) {
    const run = spawnSync(headroom, ['review', ...args], {
      encoding: 'utf8',
      env: { ...process.env, HEADROOM_API_KEY: '' },
    });
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, message);
  }
});
