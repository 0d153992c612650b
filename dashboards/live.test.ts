/**
 * Every rule's and every panel's PromQL against a REAL Prometheus that scraped the real
 * processor under a real k6 load (remote-written k6 metrics included):
 * - a private Prometheus (free port, temp dir, 1 s scrapes/evaluations, the rendered rules);
 * - the processor from startProcessor() (API + 1 worker) scraped as processor-api / -worker;
 * - k6 (.tools/bin/k6, built by scripts/setup) posting a few hundred documents with
 *   `-o experimental-prometheus-rw` into that Prometheus;
 * - autoscaler and capacity series from real prom-client exporters in this process (see
 *   testing/exporters.ts): those components are separate commands, and their metric
 *   contract (DESIGN.md names and labels) is what the dashboards depend on.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcessor, type LocalProcessor } from '../processor/testing/local-processor.ts';
import { loadSlo } from '../common/slo.ts';
import { toolsDir } from '../common/paths.ts';
import { dashboards } from './grafana/index.ts';
import { k6TrendStats } from './grafana/load-test.ts';
import { ruleFiles } from './rules/index.ts';
import { recordingRules, scrapeJobs } from './rules/names.ts';
import { toYaml } from './rules/yaml.ts';
import { startExporters, type TestExporters } from './testing/exporters.ts';
import { startPrometheus, type PrivatePrometheus } from '../common/testing/prometheus.ts';
import { hasFiniteValue, query, queryRange } from './testing/prometheus-queries.ts';
import { panelQueries, substitute } from './testing/queries.ts';

const slo = loadSlo();
const k6Bin = path.join(toolsDir, 'bin', 'k6');
const k6Script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing', 'k6-ingest.js');
const rate = 40;
const seconds = 8;

let dir = '';
let processor: LocalProcessor | undefined;
let exporters: TestExporters | undefined;
let prometheus: PrivatePrometheus | undefined;
let startedAt = 0;
let acceptedRate = 0;

function hostPort(url: string): string {
  return new URL(url).host;
}

function runK6(
  target: string,
  apiKey: string,
  remoteWrite: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      k6Bin,
      [
        'run',
        '--quiet',
        '--no-usage-report',
        '--tag',
        'testid=dashboards-live',
        '-o',
        'experimental-prometheus-rw',
        k6Script,
      ],
      {
        env: {
          ...process.env,
          TARGET: target,
          API_KEY: apiKey,
          RATE: String(rate),
          DURATION: `${seconds}s`,
          K6_PROMETHEUS_RW_SERVER_URL: remoteWrite,
          K6_PROMETHEUS_RW_TREND_STATS: k6TrendStats,
          K6_PROMETHEUS_RW_PUSH_INTERVAL: '1s',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** Retries until the query returns a finite value (scrapes and rule evaluations lag a little). */
async function rangeWithData(expr: string, deadline: number) {
  for (;;) {
    const end = Date.now() / 1000;
    const result = await queryRange(prometheus!.url, expr, startedAt, end, 1);
    if (result.status !== 'success' || hasFiniteValue(result) || Date.now() > deadline) return result;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

before(async () => {
  assert.ok(existsSync(k6Bin), `k6 missing at ${k6Bin}: run scripts/setup`);
  dir = mkdtempSync(path.join(tmpdir(), 'headroom-dash-live-'));
  startedAt = Date.now() / 1000 - 5;
  processor = await startProcessor({ workers: 1 });
  exporters = await startExporters({
    target: 'headroom/processor-worker',
    perPodCapacity: 25,
    arrivalRate: () => acceptedRate,
  });
  const rulesDir = path.join(dir, 'rules');
  mkdirSync(rulesDir);
  // The shipped rules, but the 30-day budget group at the global 1 s interval instead of 1 m.
  const files = ruleFiles(slo, { budgetInterval: null }).map((f) => {
    const file = path.join(rulesDir, `${f.name}.rules.yml`);
    writeFileSync(file, toYaml({ groups: f.groups }));
    return file;
  });
  prometheus = await startPrometheus(path.join(dir, 'prometheus'), {
    jobs: [
      { job: scrapeJobs.api, targets: [hostPort(processor.url)] },
      { job: scrapeJobs.worker, targets: processor.workerMetricsUrls.map(hostPort) },
      { job: scrapeJobs.autoscaler, targets: [exporters.autoscalerTarget] },
    ],
    ruleFiles: files,
  });
  const k6 = await runK6(processor.url, processor.apiKey, `${prometheus.url}/api/v1/write`);
  assert.equal(k6.code, 0, `k6 failed:\n${k6.output}`);
  const accepted = await query(prometheus.url, recordingRules.documentsAcceptedRate1m);
  acceptedRate = Number(accepted.data?.result[0]?.value?.[1] ?? 0);
  // The controller fails static once (e.g. Prometheus briefly unreachable).
  exporters.failStatic('prometheus_unreachable');
});

after(async () => {
  await prometheus?.stop();
  await exporters?.close();
  await processor?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('every recording and alerting rule parses and evaluates in the real Prometheus', async () => {
  const rules = ruleFiles(slo).flatMap((f) => f.groups.flatMap((g) => g.rules));
  assert.ok(rules.length > 40);
  for (const rule of rules) {
    const result = await query(prometheus!.url, rule.expr);
    assert.equal(result.status, 'success', `${'record' in rule ? rule.record : rule.alert}: ${result.error}`);
  }
  // And Prometheus loaded them all without errors.
  const loaded = (await (await fetch(`${prometheus!.url}/api/v1/rules`)).json()) as {
    data: { groups: Array<{ rules: Array<{ health: string; name: string; lastError?: string }> }> };
  };
  const health = loaded.data.groups.flatMap((g) => g.rules);
  assert.equal(health.length, rules.length);
  for (const r of health) assert.notEqual(r.health, 'err', `${r.name}: ${r.lastError}`);
});

test('the shared recording rules return data after the load', async () => {
  const deadline = Date.now() + 20_000;
  for (const name of Object.values(recordingRules)) {
    const result = await rangeWithData(name, deadline);
    assert.ok(hasFiniteValue(result), `${name} has no data`);
  }
});

test('every panel query parses and returns data', async () => {
  const deadline = Date.now() + 30_000;
  let count = 0;
  for (const { dashboard } of dashboards(slo)) {
    for (const panel of panelQueries(dashboard)) {
      const expr = substitute(panel.expr, '10s');
      const result = await rangeWithData(expr, deadline);
      const where = `${panel.dashboard} / ${panel.panel} / ${panel.refId}: ${expr}`;
      assert.equal(result.status, 'success', `${where}: ${result.error}`);
      assert.ok(hasFiniteValue(result), `${where} returned no data`);
      count++;
    }
  }
  assert.ok(count >= 40, `only ${count} panel queries`);
});

test('the autoscaler fail-static alert fires in the real Prometheus', async () => {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const result = await query(
      prometheus!.url,
      'ALERTS{alertname="AutoscalerFailingStatic", alertstate="firing"}',
    );
    if ((result.data?.result.length ?? 0) > 0) {
      assert.equal(result.data!.result[0]!.metric.target, 'headroom/processor-worker');
      return;
    }
    assert.ok(Date.now() < deadline, 'AutoscalerFailingStatic never fired');
    await new Promise((r) => setTimeout(r, 1000));
  }
});
