// The Pulumi program under Pulumi's mocks: what it would create for the dev and prod stacks,
// checked object by object (probes, resources, security, secrets, RBAC, HPA bounds).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { parseConfig as parseAutoscalerConfig } from '../../../autoscaler/config.ts';
import { documentQueueName, metricNames } from '../../../common/metric-names.ts';
import { processorLabel } from '../components/common.ts';
import { secretChecksumAnnotation } from '../components/processor-env.ts';
import { storePasswordChecksumAnnotation } from '../components/stateful-store.ts';
import { grafanaDashboards, prometheusRules } from '../rendered.ts';
import { isSecretValue, renderStack, stackFileConfig, type KubeObject, type Rendered } from '../render.ts';

// Distinct, recognisable values: any of them outside a Secret is a leak.
const secrets = {
  redisPassword: 'redis-pw-Zq8!x/secret-1',
  postgresPassword: 'pg-pw-Hk3@y:secret-2',
  apiKey: 'hr_api_key_secret_3_abcdef',
  grafanaAdminPassword: 'grafana-pw-secret-4',
};

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let dev: Rendered;
let prod: Rendered;

before(async () => {
  dev = await renderStack('dev', { secrets });
  prod = await renderStack('prod', { secrets });
});

const workloads = (r: Rendered) =>
  r.manifests.filter((m) => m.kind === 'Deployment' || m.kind === 'StatefulSet');
const named = (r: Rendered, kind: string, name: string): Obj => {
  const found = r.manifests.find((m) => m.kind === kind && m.metadata.name === name);
  assert.ok(found, `${kind} ${name} is rendered`);
  return found as Obj;
};
const containers = (w: KubeObject): Obj[] => (w as Obj).spec.template.spec.containers;

describe('dev and prod stacks', () => {
  test('both build every part of the environment', () => {
    for (const r of [dev, prod]) {
      const kinds = new Set(r.manifests.map((m) => `${m.kind}/${m.metadata.name}`));
      for (const expected of [
        'Namespace/' + r.config.namespace,
        'StatefulSet/headroom-redis',
        'StatefulSet/headroom-postgres',
        'Deployment/headroom-api',
        'Service/headroom-api',
        'PodDisruptionBudget/headroom-api',
        'Deployment/headroom-worker',
        'HorizontalPodAutoscaler/headroom-worker',
        'StatefulSet/headroom-prometheus',
        'Deployment/headroom-grafana',
        'Deployment/headroom-autoscaler',
        'ServiceAccount/headroom-autoscaler',
        'Role/headroom-autoscaler',
        'RoleBinding/headroom-autoscaler',
        'NetworkPolicy/headroom-redis-ingress',
        'NetworkPolicy/headroom-postgres-ingress',
      ]) {
        assert.ok(kinds.has(expected), `${r.config.namespace}: ${expected}`);
      }
      for (const m of r.manifests) {
        if (m.kind !== 'Namespace')
          assert.equal(m.metadata.namespace, r.config.namespace, `${m.kind} ${m.metadata.name}`);
      }
      for (const c of r.resources.filter((x) => x.type.startsWith('headroom:infra:'))) {
        assert.ok(c.name, 'components are ComponentResources');
      }
    }
  });

  test('prod is bigger than dev where the stack files say so', () => {
    assert.equal(named(dev, 'Deployment', 'headroom-api').spec.replicas, 1);
    assert.equal(named(prod, 'Deployment', 'headroom-api').spec.replicas, 3);
    assert.equal(named(prod, 'PodDisruptionBudget', 'headroom-api').spec.minAvailable, 2);
    const storage = (r: Rendered) =>
      named(r, 'StatefulSet', 'headroom-postgres').spec.volumeClaimTemplates[0].spec.resources.requests
        .storage;
    assert.equal(storage(dev), '2Gi');
    assert.equal(storage(prod), '100Gi');
  });

  test("PostgreSQL's WAL writer flushes the workers' asynchronous commits every 10 ms", () => {
    for (const r of [dev, prod]) {
      const [postgres] = containers(named(r, 'StatefulSet', 'headroom-postgres') as KubeObject);
      assert.deepEqual(postgres.args, ['-c', 'wal_writer_delay=10ms']);
    }
  });

  test('the workload images are the configured image', () => {
    for (const name of ['headroom-api', 'headroom-worker', 'headroom-autoscaler']) {
      assert.equal(
        containers(named(dev, 'Deployment', name) as KubeObject)[0].image,
        stackFileConfig('dev').image,
      );
      assert.equal(
        containers(named(prod, 'Deployment', name) as KubeObject)[0].image,
        stackFileConfig('prod').image,
      );
    }
    assert.deepEqual(containers(named(dev, 'Deployment', 'headroom-worker') as KubeObject)[0].args, ['work']);
    assert.deepEqual(containers(named(dev, 'Deployment', 'headroom-api') as KubeObject)[0].args, ['serve']);
  });
});

describe('every workload', () => {
  test('has liveness and readiness probes, requests and limits on every container', () => {
    for (const r of [dev, prod]) {
      assert.ok(workloads(r).length >= 7);
      for (const w of workloads(r)) {
        for (const c of containers(w)) {
          const where = `${w.kind} ${w.metadata.name}/${c.name}`;
          assert.ok(c.livenessProbe, `${where}: livenessProbe`);
          assert.ok(c.readinessProbe, `${where}: readinessProbe`);
          for (const kind of ['requests', 'limits']) {
            assert.match(String(c.resources?.[kind]?.cpu), /^\d/, `${where}: ${kind}.cpu`);
            assert.match(String(c.resources?.[kind]?.memory), /^\d+(Mi|Gi)$/, `${where}: ${kind}.memory`);
          }
        }
      }
    }
  });

  test('the processor API is probed on /healthz (liveness) and /readyz (readiness)', () => {
    const [api] = containers(named(prod, 'Deployment', 'headroom-api') as KubeObject);
    assert.equal(api.livenessProbe.httpGet.path, '/healthz');
    assert.equal(api.readinessProbe.httpGet.path, '/readyz');
  });

  test('runs non-root with a read-only root filesystem, no capabilities and the RuntimeDefault seccomp profile', () => {
    for (const w of workloads(prod)) {
      const pod = (w as Obj).spec.template.spec;
      assert.equal(pod.securityContext.runAsNonRoot, true, `${w.metadata.name}: pod runAsNonRoot`);
      assert.ok(pod.securityContext.runAsUser > 0, `${w.metadata.name}: pod runAsUser`);
      for (const c of containers(w)) {
        const sc = c.securityContext;
        const where = `${w.metadata.name}/${c.name}`;
        assert.equal(sc.runAsNonRoot, true, `${where}: runAsNonRoot`);
        assert.equal(sc.allowPrivilegeEscalation, false, `${where}: allowPrivilegeEscalation`);
        assert.equal(sc.readOnlyRootFilesystem, true, `${where}: readOnlyRootFilesystem`);
        assert.deepEqual(sc.capabilities.drop, ['ALL'], `${where}: drop ALL`);
        assert.equal(sc.seccompProfile.type, 'RuntimeDefault', `${where}: seccomp`);
      }
    }
  });
});

describe('secrets', () => {
  const values = Object.values(secrets);

  test('only Secret objects hold them, as Pulumi secrets', () => {
    for (const r of [dev, prod]) {
      const secretObjects = r.resources.filter((x) => x.type === 'kubernetes:core/v1:Secret');
      assert.equal(secretObjects.length, 4);
      for (const s of secretObjects) {
        assert.ok(isSecretValue(s.inputs.stringData), `${s.name}: stringData is a Pulumi secret`);
        assert.equal(s.inputs.data, undefined, `${s.name}: no plain data`);
      }
      for (const x of r.resources.filter((y) => y.type !== 'kubernetes:core/v1:Secret')) {
        const text = JSON.stringify(x.inputs);
        for (const v of values) {
          assert.ok(
            !text.includes(v) && !text.includes(encodeURIComponent(v)),
            `${x.type} ${x.name} leaks a secret`,
          );
        }
        assert.ok(!text.includes(pulumiSecretSig()), `${x.type} ${x.name} carries a secret value`);
      }
    }
  });

  test('containers read them through secretKeyRef', () => {
    const env = (name: string) =>
      Object.fromEntries(
        containers(named(dev, 'Deployment', name) as KubeObject)[0].env.map((e: Obj) => [e.name, e]),
      );
    for (const name of ['headroom-api', 'headroom-worker']) {
      const e = env(name);
      for (const [key, ref] of [
        ['HEADROOM_API_KEY', 'apiKey'],
        ['HEADROOM_REDIS_URL', 'redisUrl'],
        ['HEADROOM_DATABASE_URL', 'databaseUrl'],
      ]) {
        assert.deepEqual(
          e[key].valueFrom.secretKeyRef,
          { name: 'headroom-processor', key: ref },
          `${name} ${key}`,
        );
        assert.equal(e[key].value, undefined);
      }
    }
    for (const name of ['headroom-api', 'headroom-worker']) {
      assert.deepEqual(env(name).HEADROOM_API_KEY_PREVIOUS.valueFrom.secretKeyRef, {
        name: 'headroom-processor',
        key: 'previousApiKey',
        optional: true,
      });
    }
    const processor = named(dev, 'Secret', 'headroom-processor').stringData;
    assert.equal(processor.apiKey, secrets.apiKey);
    assert.equal('previousApiKey' in processor, false, 'no key is being rotated out');
    // URL-encoded: the passwords hold '/', '@' and ':'.
    assert.equal(new URL(processor.redisUrl).password, encodeURIComponent(secrets.redisPassword));
    assert.equal(decodeURIComponent(new URL(processor.databaseUrl).password), secrets.postgresPassword);
    assert.equal(new URL(processor.databaseUrl).hostname, `headroom-postgres.${dev.config.namespace}.svc`);
  });

  test('a key being rotated out (headroom:previousApiKey) is in the Secret, and only there', async () => {
    const previousApiKey = 'hr_previous_key_secret_5';
    const rotating = await renderStack('dev', { secrets: { ...secrets, previousApiKey } });
    assert.equal(named(rotating, 'Secret', 'headroom-processor').stringData.previousApiKey, previousApiKey);
    const secret = rotating.resources.find(
      (x) => x.type === 'kubernetes:core/v1:Secret' && x.name === 'processor',
    );
    assert.ok(secret && isSecretValue(secret.inputs.stringData), 'stringData is a Pulumi secret');
    for (const x of rotating.resources.filter((y) => y.type !== 'kubernetes:core/v1:Secret'))
      assert.ok(!JSON.stringify(x.inputs).includes(previousApiKey), `${x.type} ${x.name} carries it`);
  });
});

describe('a changed Secret rolls the processor pods', () => {
  const checksums = (r: Rendered) =>
    ['headroom-api', 'headroom-worker'].map(
      (name) =>
        (named(r, 'Deployment', name) as Obj).spec.template.metadata.annotations[secretChecksumAnnotation],
    );

  test('the API and worker pod templates carry a checksum of the Secret, which follows its values', async () => {
    const [api, worker] = checksums(dev);
    assert.match(api, /^[0-9a-f]{64}$/);
    assert.equal(worker, api);
    assert.deepEqual(checksums(await renderStack('dev', { secrets })), [api, api], 'same values, same pods');
    const rotated = checksums(
      await renderStack('dev', { secrets: { ...secrets, apiKey: 'hr_api_key_rotated_6' } }),
    );
    assert.notEqual(rotated[0], api, 'a new API key rolls the pods');
    assert.equal(rotated[1], rotated[0]);
    const redis = checksums(
      await renderStack('dev', { secrets: { ...secrets, redisPassword: 'redis-pw-rotated-7xx' } }),
    );
    assert.notEqual(redis[0], api, 'so does a new Redis password (it is in the URL)');
  });
});

describe('a new Redis password restarts Redis', () => {
  const annotations = (r: Rendered, store: string): Obj =>
    named(r, 'StatefulSet', `headroom-${store}`).spec.template.metadata.annotations ?? {};

  test('Redis reads it at every start: its pod template follows the password, and only the password', async () => {
    const before = annotations(dev, 'redis')[storePasswordChecksumAnnotation];
    assert.match(before, /^[0-9a-f]{64}$/);
    const same = await renderStack('dev', { secrets: { ...secrets, apiKey: 'hr_api_key_rotated_8' } });
    assert.equal(annotations(same, 'redis')[storePasswordChecksumAnnotation], before);
    const rotated = await renderStack('dev', {
      secrets: { ...secrets, redisPassword: 'redis-pw-rotated-9xx' },
    });
    assert.notEqual(annotations(rotated, 'redis')[storePasswordChecksumAnnotation], before);
  });

  test("PostgreSQL's image sets its password only when it creates the cluster: no restart for nothing", () => {
    assert.equal(annotations(dev, 'postgres')[storePasswordChecksumAnnotation], undefined);
  });
});

function pulumiSecretSig(): string {
  return '1b47061264138c4ac30d75fd1eb44270';
}

describe('RBAC', () => {
  test('the autoscaler may only get/patch its HPA, use its Lease and write Events', () => {
    const role = named(prod, 'Role', 'headroom-autoscaler');
    assert.deepEqual(role.rules, [
      {
        apiGroups: ['autoscaling'],
        resources: ['horizontalpodautoscalers'],
        resourceNames: ['headroom-worker'],
        verbs: ['get', 'patch'],
      },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      {
        apiGroups: ['coordination.k8s.io'],
        resources: ['leases'],
        resourceNames: ['headroom-autoscaler'],
        verbs: ['get', 'update'],
      },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    ]);
    const binding = named(prod, 'RoleBinding', 'headroom-autoscaler');
    assert.deepEqual(binding.roleRef, {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'headroom-autoscaler',
    });
    assert.deepEqual(binding.subjects, [
      { kind: 'ServiceAccount', name: 'headroom-autoscaler', namespace: prod.config.namespace },
    ]);
    assert.equal(
      named(prod, 'Deployment', 'headroom-autoscaler').spec.template.spec.serviceAccountName,
      'headroom-autoscaler',
    );
  });

  test('Prometheus may only discover pods; no ClusterRole anywhere', () => {
    assert.deepEqual(named(prod, 'Role', 'headroom-prometheus').rules, [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    ]);
    assert.equal(prod.manifests.filter((m) => m.kind.startsWith('Cluster')).length, 0);
  });

  test('only pods that call the API server get a service account token', () => {
    for (const w of workloads(prod)) {
      const pod = (w as Obj).spec.template.spec;
      const talksToApi = ['headroom-autoscaler', 'headroom-prometheus'].includes(w.metadata.name);
      assert.equal(pod.automountServiceAccountToken, talksToApi ? undefined : false, w.metadata.name);
    }
  });
});

describe('autoscaling', () => {
  test('the worker HPA bounds come from the stack config', () => {
    for (const [r, stack] of [
      [dev, 'dev'],
      [prod, 'prod'],
    ] as const) {
      const hpa = named(r, 'HorizontalPodAutoscaler', 'headroom-worker');
      const w = stackFileConfig(stack).workers as Obj;
      assert.equal(hpa.spec.minReplicas, w.minReplicas);
      assert.equal(hpa.spec.maxReplicas, w.maxReplicas);
      assert.equal(hpa.metadata.annotations['headroom.dev/base-min-replicas'], String(w.minReplicas));
      assert.equal(hpa.spec.metrics[0].resource.target.averageUtilization, w.targetCpuPercent);
      assert.equal(hpa.spec.scaleTargetRef.name, 'headroom-worker');
    }
  });

  test('the API deletes documents after api.documentRetentionDays; 0 keeps them', async () => {
    const retention = (r: Rendered) =>
      Object.fromEntries(
        containers(named(r, 'Deployment', 'headroom-api') as KubeObject)[0].env.map((e: Obj) => [
          e.name,
          e.value,
        ]),
      ).HEADROOM_DOCUMENT_RETENTION_DAYS;
    assert.equal(retention(dev), '30');
    const keep = await renderStack('dev', {
      secrets,
      overrides: { api: { ...(stackFileConfig('dev').api as Obj), documentRetentionDays: 0 } },
    });
    assert.equal(retention(keep), '0');
  });

  test('an override changes the bounds', async () => {
    const r = await renderStack('dev', {
      secrets,
      overrides: { workers: { ...(stackFileConfig('dev').workers as Obj), minReplicas: 4, maxReplicas: 9 } },
    });
    const hpa = named(r, 'HorizontalPodAutoscaler', 'headroom-worker');
    assert.equal(hpa.spec.minReplicas, 4);
    assert.equal(hpa.spec.maxReplicas, 9);
  });

  test('with Prometheus Adapter the HPA also scales on queue depth per pod', () => {
    assert.equal(named(dev, 'HorizontalPodAutoscaler', 'headroom-worker').spec.metrics.length, 1);
    const external = named(prod, 'HorizontalPodAutoscaler', 'headroom-worker').spec.metrics[1].external;
    assert.deepEqual(external.metric, {
      name: metricNames.queueJobs,
      selector: { matchLabels: { queue: documentQueueName, state: 'waiting' } },
    });
    assert.deepEqual(external.target, { type: 'AverageValue', averageValue: '50' });
  });

  test('the autoscaler config file is one `headroom autoscale` accepts, aimed at the worker HPA', () => {
    const file = named(prod, 'ConfigMap', 'headroom-autoscaler').data['autoscaler.yaml'];
    const parsed = parseAutoscalerConfig(parse(file), '/');
    assert.equal(parsed.targets[0].hpa, 'headroom-worker');
    assert.equal(parsed.targets[0].namespace, prod.config.namespace);
    assert.equal(parsed.targets[0].capacity.perPodRate, 25);
    assert.equal(
      parsed.targets[0].prometheus.url,
      `http://headroom-prometheus.${prod.config.namespace}.svc:9090`,
    );
    assert.equal(parsed.leaderElection.name, 'headroom-autoscaler');
  });
});

describe('network policies', () => {
  test('only processor pods reach Redis and PostgreSQL', () => {
    for (const [store, port] of [
      ['redis', 6379],
      ['postgres', 5432],
    ] as const) {
      const policy = named(prod, 'NetworkPolicy', `headroom-${store}-ingress`);
      assert.deepEqual(policy.spec.podSelector.matchLabels, {
        'app.kubernetes.io/name': store,
        'app.kubernetes.io/part-of': 'headroom',
      });
      assert.deepEqual(policy.spec.policyTypes, ['Ingress']);
      assert.deepEqual(policy.spec.ingress, [
        { from: [{ podSelector: { matchLabels: processorLabel } }], ports: [{ protocol: 'TCP', port }] },
      ]);
    }
    const labelled = workloads(prod)
      .filter((w) => (w as Obj).spec.template.metadata.labels['headroom.dev/processor'] === 'true')
      .map((w) => w.metadata.name)
      .sort();
    assert.deepEqual(labelled, ['headroom-api', 'headroom-worker']);
  });
});

describe('monitoring', () => {
  test('Prometheus loads the rendered rules and Grafana the rendered dashboards', () => {
    const rules = named(dev, 'ConfigMap', 'headroom-prometheus-rules').data;
    assert.deepEqual(
      Object.keys(rules).sort(),
      prometheusRules().map((f) => f.name),
    );
    for (const f of prometheusRules()) assert.equal(rules[f.name], f.text);
    const dashboards = named(dev, 'ConfigMap', 'headroom-grafana-dashboards').data;
    for (const f of grafanaDashboards()) assert.deepEqual(JSON.parse(dashboards[f.name]), JSON.parse(f.text));
    const datasources = parse(
      named(dev, 'ConfigMap', 'headroom-grafana-provisioning').data['datasources.yml'],
    );
    assert.equal(
      datasources.datasources[0].url,
      `http://headroom-prometheus.${dev.config.namespace}.svc:9090`,
    );
    const config = parse(named(dev, 'ConfigMap', 'headroom-prometheus-config').data['prometheus.yml']);
    assert.deepEqual(config.scrape_configs[0].kubernetes_sd_configs[0].namespaces.names, [
      dev.config.namespace,
    ]);
  });
});

describe('skipAwait', () => {
  test('annotates every object only when set', async () => {
    const skipped = await renderStack('dev', {
      secrets,
      overrides: { skipAwait: true, namespace: 'hr-skip' },
    });
    for (const m of skipped.manifests.filter((x) => x.kind !== 'Namespace')) {
      assert.equal(
        (m.metadata.annotations as Obj)?.['pulumi.com/skipAwait'],
        'true',
        `${m.kind} ${m.metadata.name}`,
      );
    }
    for (const m of dev.manifests) {
      assert.equal((m.metadata.annotations as Obj | undefined)?.['pulumi.com/skipAwait'], undefined);
    }
  });
});
