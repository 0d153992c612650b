// The controller against real parts: history from a real (private, backfilled) Prometheus,
// the HPA in the real kube-apiserver, acting as a least-privilege ServiceAccount.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  RbacAuthorizationV1Api,
  setHeaderOptions,
  type V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { pino } from 'pino';
import {
  createNamespace,
  deleteNamespace,
  kubeClient,
  serviceAccountKubeconfig,
  serviceAccountToken,
  startKube,
  type LocalKube,
} from '../common/testing/kube.ts';
import { forecastSeries, type Series } from '../capacity/forecast/index.ts';
import { HeadroomError } from '../common/errors.ts';
import { repoRoot } from '../common/paths.ts';
import { loadSlo } from '../common/slo.ts';
import { parseConfig, type AutoscalerConfig } from './config.ts';
import { TargetController, type ForecastFn } from './controller.ts';
import { LeaseElector } from './leader.ts';
import { PrometheusSource } from './metrics-source.ts';
import { runAutoscaler } from './run.ts';
import { baseMinAnnotation, HpaScaleTarget } from './scale-target.ts';
import { queueSizer } from './sizing.ts';
import { Telemetry } from './telemetry.ts';
import { freePort } from '../common/testing/ports.ts';
import { startBackfilledPrometheus, type PrivatePrometheus } from './testing/prometheus.ts';

const exec = promisify(execFile);
let kube: LocalKube;
let prom: PrivatePrometheus;
let ns: string;
let saKubeconfig: string;
let tmp: string;
const admin = () => kubeClient();

function hpa(name: string, minReplicas: number): V2HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'workers' },
      minReplicas,
      maxReplicas: 40,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
        },
      ],
    },
  };
}

async function readHpa(name: string) {
  return admin()
    .makeApiClient(AutoscalingV2Api)
    .readNamespacedHorizontalPodAutoscaler({ namespace: ns, name });
}

/** Log lines the controller wrote. */
function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

function config(
  targets: Array<Record<string, unknown>>,
  extra: Record<string, unknown> = {},
): AutoscalerConfig {
  return parseConfig(
    {
      targets: targets.map((t) => ({
        namespace: ns,
        prometheus: {
          url: prom.url,
          arrivalRate: 'sum(headroom_test_arrival_rate)',
          queueDepth: 'sum(headroom_test_queue_waiting)',
          history: '2d',
          step: '5m',
          timeout: '3s',
        },
        capacity: { perPodRate: 10 },
        podStartup: '60s',
        interval: '30s',
        model: 'seasonal-naive-daily',
        safety: { maxStepUp: 50 },
        ...t,
      })),
      leaderElection: { namespace: ns, name: 'headroom-autoscaler' },
      metricsPort: 0,
      ...extra,
    },
    tmp,
    loadSlo(),
  );
}

before(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'headroom-as-it-'));
  const now = Math.floor(Date.now() / 1000);
  // Two days of a daily cycle around 100 documents/s, and 600 documents waiting now.
  [kube, prom] = await Promise.all([
    startKube(),
    startBackfilledPrometheus(
      [
        {
          name: 'headroom_test_arrival_rate',
          help: 'arrivals/s',
          // Phase pinned to now, so the forecast (~100-105/s) does not depend on the time of day the test runs.
          value: (t) => 100 + 30 * Math.sin((2 * Math.PI * (t - now)) / 86400),
        },
        { name: 'headroom_test_queue_waiting', help: 'waiting documents', value: () => 600 },
      ],
      { fromSeconds: now - 2 * 86400, toSeconds: now - 20, stepSeconds: 60 },
    ),
  ]);
  ns = await createNamespace('hr-autoscaler');
  const kc = admin();
  await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace: ns,
    body: {
      metadata: { name: 'workers' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'workers' } },
        template: {
          metadata: { labels: { app: 'workers' } },
          spec: { containers: [{ name: 'worker', image: 'registry.invalid/headroom:test' }] },
        },
      },
    },
  });
  const hpas = kc.makeApiClient(AutoscalingV2Api);
  for (const [name, min] of [
    ['workers', 2],
    ['other', 3],
    ['spare', 2],
  ] as const) {
    await hpas.createNamespacedHorizontalPodAutoscaler({ namespace: ns, body: hpa(name, min) });
  }
  // Least privilege: get on the listed HPAs, patch on "workers" only; the Lease; Events.
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  await rbac.createNamespacedRole({
    namespace: ns,
    body: {
      metadata: { name: 'headroom-autoscaler' },
      rules: [
        {
          apiGroups: ['autoscaling'],
          resources: ['horizontalpodautoscalers'],
          resourceNames: ['workers', 'other', 'spare'],
          verbs: ['get'],
        },
        {
          apiGroups: ['autoscaling'],
          resources: ['horizontalpodautoscalers'],
          resourceNames: ['workers', 'spare'],
          verbs: ['patch'],
        },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
        {
          apiGroups: ['coordination.k8s.io'],
          resources: ['leases'],
          resourceNames: ['headroom-autoscaler', 'le-test', 'le-slow', 'le-warn'],
          verbs: ['get', 'update'],
        },
        { apiGroups: [''], resources: ['events'], verbs: ['create'] },
      ],
    },
  });
  await rbac.createNamespacedRoleBinding({
    namespace: ns,
    body: {
      metadata: { name: 'headroom-autoscaler' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'headroom-autoscaler' },
      subjects: [{ kind: 'ServiceAccount', name: 'autoscaler', namespace: ns }],
    },
  });
  const token = await serviceAccountToken(ns, 'autoscaler', kc);
  saKubeconfig = await serviceAccountKubeconfig(ns, 'autoscaler', token);
});

after(async () => {
  if (ns) await deleteNamespace(ns).catch(() => undefined);
  await prom?.stop();
  await kube?.stop();
  if (saKubeconfig) await rm(path.dirname(saKubeconfig), { recursive: true, force: true });
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('scales the real HPA floor from real Prometheus history, as a least-privilege ServiceAccount', async () => {
  const telemetry = new Telemetry();
  const { logger, lines } = captureLogger();
  const { decisions, leader } = await runAutoscaler({
    config: config([{ hpa: 'workers' }]),
    kubeconfig: saKubeconfig,
    dryRun: false,
    once: true,
    metricsPort: null,
    telemetry,
    logger,
    identity: 'it-a',
  });
  assert.equal(leader, true);
  assert.equal(decisions.length, 1);
  const d = decisions[0];
  assert.equal(d.outcome, 'scaled', JSON.stringify(d));
  // ~100-105/s forecast + 600 waiting to drain in 90 s, at 10/s per pod: well above the floor of 2.
  assert.ok(d.planned! >= 11 && d.planned! <= 25, `planned ${d.planned}`);
  assert.equal(d.inputs!.backlog, 600);
  const after1 = await readHpa('workers');
  assert.equal(after1.spec?.minReplicas, d.floor!.to);
  assert.equal(after1.metadata?.annotations?.[baseMinAnnotation], '2');
  const events = await admin().makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: ns });
  const ours = events.items.filter(
    (e) => e.involvedObject.name === 'workers' && e.reason === 'PredictiveScale',
  );
  assert.equal(ours.length, 1);
  assert.match(ours[0].message ?? '', /backlog 600/);
  const metrics = await telemetry.registry.metrics();
  assert.match(
    metrics,
    new RegExp(
      `headroom_autoscaler_desired_replicas\\{target="${ns}/workers",source="applied"\\} ${d.floor!.to}`,
    ),
  );
  assert.match(metrics, /headroom_autoscaler_forecast\{target="[^"]+",horizon="\d+s",quantile="0\.9"\} \d/);
  assert.match(metrics, /headroom_autoscaler_last_decision_timestamp_seconds\{target="[^"]+"\} \d/);
  assert.match(metrics, new RegExp(`headroom_capacity_max_rate\\{target="${ns}/workers"\\} 10\n`));
  assert.ok(lines.some((l) => l.includes('"outcome":"scaled"') && l.includes('"backlog":600')));

  // Lower demand later must never go below the remembered base floor, even though minReplicas is now raised.
  const raised = await new HpaScaleTarget(kubeClient(saKubeconfig), ns, 'workers').read();
  assert.equal(raised.baseMin, 2);
  assert.equal(raised.minReplicas, d.floor!.to);
});

test('dry run reports the decision and changes nothing', async () => {
  const before1 = await readHpa('spare');
  const { stdout } = await exec(
    path.join(repoRoot, 'bin', 'headroom'),
    [
      'autoscale',
      '--config',
      await writeConfig([{ hpa: 'spare' }]),
      '--kubeconfig',
      saKubeconfig,
      '--once',
      '--dry-run',
      '--json',
    ],
    { env: { ...process.env, HEADROOM_LOG_LEVEL: 'warn' } },
  );
  const out = JSON.parse(stdout) as {
    decisions: Array<{ outcome: string; floor: { from: number; to: number } }>;
  };
  assert.equal(out.decisions[0].outcome, 'dry-run');
  assert.ok(out.decisions[0].floor.to > 2);
  const after1 = await readHpa('spare');
  assert.equal(after1.spec?.minReplicas, 2);
  assert.equal(after1.metadata?.resourceVersion, before1.metadata?.resourceVersion);
});

async function writeConfig(targets: Array<Record<string, unknown>>): Promise<string> {
  const file = path.join(tmp, `config-${Math.random().toString(16).slice(2)}.json`);
  const c = config(targets);
  // Back to the file format (durations in seconds are accepted).
  const raw = {
    targets: c.targets.map((t) => ({
      namespace: t.namespace,
      hpa: t.hpa,
      prometheus: {
        url: t.prometheus.url,
        arrivalRate: t.prometheus.arrivalRate,
        queueDepth: t.prometheus.queueDepth,
        history: '2d',
        step: '5m',
      },
      capacity: { perPodRate: t.capacity.perPodRate },
      model: t.model,
      safety: { maxStepUp: 50 },
    })),
    leaderElection: { namespace: ns, name: 'headroom-autoscaler' },
  };
  await writeFile(file, JSON.stringify(raw));
  return file;
}

/** Puts an HPA's floor back to its owners' value after a test scaled it, for the tests after it. */
async function restoreFloor(hpaName: string, minReplicas: number): Promise<void> {
  const target = new HpaScaleTarget(kubeClient(saKubeconfig), ns, hpaName);
  await target.setFloor(await target.read(), minReplicas);
}

/** A controller for one target with the given kubeconfig and Prometheus. */
function controller(
  kc: KubeConfig,
  hpaName: string,
  overrides: {
    prometheusUrl?: string;
    forecastFails?: boolean;
    forecast?: ForecastFn;
    stillLeading?: () => Promise<boolean>;
  } = {},
) {
  const target = config([{ hpa: hpaName }]).targets[0];
  const telemetry = new Telemetry();
  const { logger, lines } = captureLogger();
  const c = new TargetController({
    config: target,
    source: new PrometheusSource(overrides.prometheusUrl ?? prom.url, 2000),
    target: new HpaScaleTarget(kc, ns, hpaName, 2000),
    sizer: queueSizer,
    telemetry,
    logger,
    dryRun: false,
    // A model blowing up is a fault the real forecaster cannot be made to show on demand.
    forecast: overrides.forecastFails
      ? () => {
          throw new Error('model diverged');
        }
      : overrides.forecast,
    ...(overrides.stillLeading ? { stillLeading: overrides.stillLeading } : {}),
  });
  return { c, telemetry, lines };
}

async function assertFailedStatic(
  hpaName: string,
  run: ReturnType<typeof controller>,
  reason: string,
  message: RegExp,
): Promise<void> {
  const before1 = await readHpa(hpaName);
  const d = await run.c.reconcile();
  assert.equal(d.outcome, 'fail-static');
  assert.equal(d.reason, reason);
  assert.match(d.error ?? '', message);
  const after1 = await readHpa(hpaName);
  assert.equal(
    after1.metadata?.resourceVersion,
    before1.metadata?.resourceVersion,
    'the HPA must be left as it is',
  );
  const metrics = await run.telemetry.registry.metrics();
  assert.match(
    metrics,
    new RegExp(`headroom_autoscaler_fail_static_total\\{target="${ns}/${hpaName}",reason="${reason}"\\} 1`),
  );
  assert.ok(
    run.lines.some((l) => l.includes('fail static') && l.includes(reason)),
    run.lines.join('\n'),
  );
}

test('a history longer than one query_range allows is read in chunks', async () => {
  // Two days at 10 s steps is 17,281 points; Prometheus answers at most 11,000 per query.
  const series = await new PrometheusSource(prom.url, 5000).history(
    'sum(headroom_test_arrival_rate)',
    Date.now(),
    2 * 86_400,
    10,
  );
  assert.equal(series.stepMs, 10_000);
  assert.ok(series.values.length > 11_000, `${series.values.length} points`);
  assert.ok(series.values.filter((v) => v !== null).length > 11_000);
});

test('the forecast reads the per-second arrival rate as the counts of a 5-minute step', async () => {
  // Its spike filter tells counting noise from spikes: a rate of 100/s is 30,000 arrivals a step.
  let history: Series | undefined;
  const run = controller(kubeClient(saKubeconfig), 'other', {
    forecast: (series, opts) => {
      history = series;
      return forecastSeries(series, opts);
    },
  });
  await run.c.reconcile();
  assert.equal(history?.countsPerValue, 300);
  assert.ok(
    history.values.some((v) => v !== null && v > 50 && v < 200),
    'per-second rates',
  );
});

test('a forbidden patch fails static', async () => {
  await assertFailedStatic('other', controller(kubeClient(saKubeconfig), 'other'), 'forbidden', /HTTP 403/);
  assert.equal((await readHpa('other')).spec?.minReplicas, 3);
});

test('an HPA that does not exist fails static as not-found, not as an API server outage', async () => {
  // As the admin: the ServiceAccount may not even read names outside its Role (that is a 403).
  const run = controller(admin(), 'ghost');
  const d = await run.c.reconcile();
  assert.equal(d.outcome, 'fail-static');
  assert.equal(d.reason, 'not-found', JSON.stringify(d));
  assert.match(d.error ?? '', /HTTP 404 .*"ghost" not found/);
  assert.match(
    await run.telemetry.registry.metrics(),
    new RegExp(`headroom_autoscaler_fail_static_total\\{target="${ns}/ghost",reason="not-found"\\} 1`),
  );
});

test('a hand-edited base-floor annotation fails static and names it', async () => {
  const hpas = admin().makeApiClient(AutoscalingV2Api);
  const annotate = (value: string | null) =>
    hpas.patchNamespacedHorizontalPodAutoscaler(
      { namespace: ns, name: 'other', body: { metadata: { annotations: { [baseMinAnnotation]: value } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  try {
    for (const value of ['', 'abc', '1e9']) {
      await annotate(value);
      await assertFailedStatic(
        'other',
        controller(kubeClient(saKubeconfig), 'other'),
        'annotation',
        new RegExp(`base-min-replicas is "${value}", not a replica count`),
      );
    }
  } finally {
    await annotate(null);
  }
});

test('Prometheus down fails static', async () => {
  const url = `http://127.0.0.1:${await freePort()}`;
  await assertFailedStatic(
    'workers',
    controller(kubeClient(saKubeconfig), 'workers', { prometheusUrl: url }),
    'prometheus',
    /cannot reach Prometheus at .*ECONNREFUSED/,
  );
});

test('a forecast error fails static', async () => {
  await assertFailedStatic(
    'workers',
    controller(kubeClient(saKubeconfig), 'workers', { forecastFails: true }),
    'forecast',
    /model diverged/,
  );
});

test('API server down fails static', async () => {
  // The shared API server is not ours to stop: point a copy of the kubeconfig at a dead port.
  const sa = kubeClient(saKubeconfig);
  const port = await freePort();
  const dead = new KubeConfig();
  dead.loadFromOptions({
    clusters: sa.clusters.map((c) => ({ ...c, server: `https://127.0.0.1:${port}` })),
    users: sa.users,
    contexts: sa.contexts,
    currentContext: sa.currentContext,
  });
  await assertFailedStatic('workers', controller(dead, 'workers'), 'api-server', /ECONNREFUSED|no answer/);
});

test('leader election: a second instance stands by while the Lease is held, then takes over', async () => {
  const kc = kubeClient(saKubeconfig);
  const a = new LeaseElector(kc, ns, 'le-test', 'replica-a', 2);
  const b = new LeaseElector(kc, ns, 'le-test', 'replica-b', 2);
  assert.equal(await a.tryAcquire(), true);
  assert.equal(await b.tryAcquire(), false);
  assert.equal(await a.tryAcquire(), true, 'the holder renews');
  const before1 = await readHpa('workers');
  await assert.rejects(
    runAutoscaler({
      config: config([{ hpa: 'workers' }], {
        leaderElection: { namespace: ns, name: 'le-test', leaseDuration: 2 },
      }),
      kubeconfig: saKubeconfig,
      dryRun: false,
      once: true,
      metricsPort: null,
      logger: captureLogger().logger,
      identity: 'replica-b',
    }),
    /not the leader/,
  );
  assert.equal((await readHpa('workers')).metadata?.resourceVersion, before1.metadata?.resourceVersion);
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(await b.tryAcquire(), true, 'an expired lease is taken over');
  assert.equal(await a.tryAcquire(), false);
});

test('a decision that outlasts the Lease is not applied when another instance took it meanwhile', async () => {
  const kc = kubeClient(saKubeconfig);
  const a = new LeaseElector(kc, ns, 'le-slow', 'replica-a', 1);
  const b = new LeaseElector(kc, ns, 'le-slow', 'replica-b', 1);
  // A leads and starts deciding; the decision runs past the lease (a long history to refit), so
  // B takes the expired Lease over before A gets to patch.
  assert.equal(await a.tryAcquire(), true);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await b.tryAcquire(), true);
  await assertFailedStatic(
    'spare',
    controller(kc, 'spare', { stillLeading: () => a.tryAcquire() }),
    'not-leader',
    /another instance took the Lease/,
  );
  // The same decision by the holder is applied: the HPA wanted scaling all along.
  const d = await controller(kc, 'spare', { stillLeading: () => b.tryAcquire() }).c.reconcile();
  assert.equal(d.outcome, 'scaled', JSON.stringify(d));
  await restoreFloor('spare', 2);
});

test('a decision that takes more than half the Lease is applied, with a warning saying what to change', async () => {
  const { logger, lines } = captureLogger();
  const { decisions } = await runAutoscaler({
    config: config([{ hpa: 'spare' }], {
      leaderElection: { namespace: ns, name: 'le-warn', leaseDuration: 1 },
    }),
    kubeconfig: saKubeconfig,
    dryRun: false,
    once: true,
    metricsPort: null,
    logger,
    identity: 'it-slow',
    // Refitting a long history, as fast as a test can afford: the real forecast after 700 ms.
    forecast: (series, opts) => {
      const until = Date.now() + 700;
      while (Date.now() < until);
      return forecastSeries(series, opts);
    },
  });
  assert.equal(decisions[0].outcome, 'scaled', JSON.stringify(decisions[0]));
  assert.ok(
    lines.some((l) =>
      /a decision took 0\.[7-9] s, more than half the 1 s Lease.*prometheus\.history/.test(l),
    ),
    lines.join('\n'),
  );
  await restoreFloor('spare', 2);
});

test('the long-running loop serves /metrics and stops on its signal', async () => {
  const { logger, lines } = captureLogger();
  const stop = new AbortController();
  let decided = 0;
  const running = runAutoscaler({
    config: config([{ hpa: 'spare', interval: '1s' }]),
    kubeconfig: saKubeconfig,
    dryRun: true,
    once: false,
    metricsPort: 0,
    logger,
    signal: stop.signal,
    onDecision: () => {
      decided++;
    },
  });
  const deadline = Date.now() + 20_000;
  while (decided < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const port = lines.map((l) => /metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(l)?.[1]).find(Boolean);
  assert.ok(port, lines.join('\n'));
  const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  assert.match(body, /headroom_autoscaler_desired_replicas\{target="[^"]+\/spare",source="predictive"\} \d+/);
  assert.match(body, /headroom_autoscaler_last_decision_timestamp_seconds/);
  const missing = await fetch(`http://127.0.0.1:${port}/nope`);
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { code: string }).code, 'not_found');
  stop.abort();
  const { decisions } = await running;
  assert.ok(
    decisions.length >= 2 && decisions.every((d) => d.outcome === 'dry-run'),
    JSON.stringify(decisions.map((d) => d.outcome)),
  );
  assert.equal((await readHpa('spare')).spec?.minReplicas, 2);
});

test('a metrics port in use is one clear error before any decision, not a crash', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const { port } = taken.address() as AddressInfo;
  let decided = 0;
  try {
    await assert.rejects(
      runAutoscaler({
        config: config([{ hpa: 'spare' }]),
        kubeconfig: saKubeconfig,
        dryRun: false,
        once: false,
        metricsPort: port,
        logger: captureLogger().logger,
        onDecision: () => {
          decided++;
        },
      }),
      (error: Error) =>
        error instanceof HeadroomError &&
        error.message ===
          `cannot serve metrics on 127.0.0.1:${port}: the port is in use (metricsPort in the config; 0 takes any free port)`,
    );
  } finally {
    taken.close();
  }
  assert.equal(decided, 0);
});
