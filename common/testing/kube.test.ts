// The local control plane is a real kube-apiserver: objects are validated, RBAC is enforced,
// ServiceAccount tokens are issued and server-side apply works.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { after, before, test } from 'node:test';
import {
  AppsV1Api,
  AutoscalingV2Api,
  KubernetesObjectApi,
  PatchStrategy,
  RbacAuthorizationV1Api,
  type V1Deployment,
  type V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import {
  createNamespace,
  deleteNamespace,
  kubeClient,
  mergePatch,
  serviceAccountKubeconfig,
  serviceAccountToken,
  startKube,
  type LocalKube,
} from './kube.ts';

let kube: LocalKube;
let ns: string;
const tempFiles: string[] = [];

function deployment(name: string): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'registry.invalid/headroom:test' }] },
      },
    },
  };
}

function hpa(name: string, minReplicas: number): V2HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas,
      maxReplicas: 10,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
        },
      ],
    },
  };
}

before(async () => {
  kube = await startKube();
  ns = await createNamespace('hr-kube-test');
});

after(async () => {
  if (ns) await deleteNamespace(ns);
  for (const f of tempFiles) await rm(dirname(f), { recursive: true, force: true });
  await kube?.stop();
});

test('the admin kubeconfig reaches the API server over TLS', async () => {
  assert.match(kube.server, /^https:\/\/127\.0\.0\.1:\d+$/);
  const res = await fetch(`${kube.server}/version`).catch((err: Error) => err);
  // Node does not trust the local CA: plain fetch must fail on TLS, the kubeconfig (with CA) works.
  assert.ok(res instanceof Error);
  const apps = kubeClient(kube.kubeconfigPath).makeApiClient(AppsV1Api);
  const list = await apps.listNamespacedDeployment({ namespace: ns });
  assert.deepEqual(list.items, []);
});

test('creates a Deployment and an autoscaling/v2 HPA, patches minReplicas, rejects invalid objects', async () => {
  const kc = kubeClient();
  const apps = kc.makeApiClient(AppsV1Api);
  const as = kc.makeApiClient(AutoscalingV2Api);
  await apps.createNamespacedDeployment({ namespace: ns, body: deployment('workers') });
  await as.createNamespacedHorizontalPodAutoscaler({ namespace: ns, body: hpa('workers', 2) });

  const patched = await as.patchNamespacedHorizontalPodAutoscaler(
    { name: 'workers', namespace: ns, body: { spec: { minReplicas: 4 } } },
    mergePatch,
  );
  assert.equal(patched.spec?.minReplicas, 4);
  const read = await as.readNamespacedHorizontalPodAutoscaler({ name: 'workers', namespace: ns });
  assert.equal(read.spec?.minReplicas, 4);
  assert.equal(read.spec?.maxReplicas, 10);

  // Validation is the real one: minReplicas above maxReplicas is refused with 422.
  await assert.rejects(
    as.patchNamespacedHorizontalPodAutoscaler(
      { name: 'workers', namespace: ns, body: { spec: { minReplicas: 11 } } },
      mergePatch,
    ),
    (err: { code?: number }) => err.code === 422,
  );
});

test('RBAC: a ServiceAccount allowed get/patch on one HPA cannot patch another (403)', async () => {
  const kc = kubeClient();
  const as = kc.makeApiClient(AutoscalingV2Api);
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({ namespace: ns, body: deployment('api') });
  await as.createNamespacedHorizontalPodAutoscaler({ namespace: ns, body: hpa('api', 1) });
  await as.createNamespacedHorizontalPodAutoscaler({ namespace: ns, body: hpa('other', 1) });

  await rbac.createNamespacedRole({
    namespace: ns,
    body: {
      metadata: { name: 'patch-api-hpa' },
      rules: [
        {
          apiGroups: ['autoscaling'],
          resources: ['horizontalpodautoscalers'],
          resourceNames: ['api'],
          verbs: ['get', 'patch'],
        },
      ],
    },
  });
  await rbac.createNamespacedRoleBinding({
    namespace: ns,
    body: {
      metadata: { name: 'patch-api-hpa' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'patch-api-hpa' },
      subjects: [{ kind: 'ServiceAccount', name: 'autoscaler', namespace: ns }],
    },
  });
  const token = await serviceAccountToken(ns, 'autoscaler');
  const saPath = await serviceAccountKubeconfig(ns, 'autoscaler', token);
  tempFiles.push(saPath);
  const saAs = kubeClient(saPath).makeApiClient(AutoscalingV2Api);

  const ok = await saAs.patchNamespacedHorizontalPodAutoscaler(
    { name: 'api', namespace: ns, body: { spec: { minReplicas: 3 } } },
    mergePatch,
  );
  assert.equal(ok.spec?.minReplicas, 3);
  await assert.rejects(
    saAs.patchNamespacedHorizontalPodAutoscaler(
      { name: 'other', namespace: ns, body: { spec: { minReplicas: 3 } } },
      mergePatch,
    ),
    (err: { code?: number }) => err.code === 403,
  );
  await assert.rejects(
    saAs.listNamespacedHorizontalPodAutoscaler({ namespace: ns }),
    (err: { code?: number }) => err.code === 403,
  );
  const other = await as.readNamespacedHorizontalPodAutoscaler({ name: 'other', namespace: ns });
  assert.equal(other.spec?.minReplicas, 1);
});

test('server-side dry-run apply validates without persisting', async () => {
  const objects = KubernetesObjectApi.makeApiClient(kubeClient());
  const spec: V1Deployment = { ...deployment('dry'), metadata: { name: 'dry', namespace: ns } };
  const applied = await objects.patch(
    spec,
    undefined,
    'All',
    'headroom-test',
    true,
    PatchStrategy.ServerSideApply,
  );
  assert.equal(applied.metadata?.name, 'dry');
  assert.ok(applied.metadata?.uid, 'the dry run returns the object as it would be stored');
  await assert.rejects(
    objects.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'dry', namespace: ns } }),
    (err: { code?: number }) => err.code === 404,
  );

  const invalid: V1Deployment = { ...spec, spec: { ...spec.spec!, replicas: -1 } };
  await assert.rejects(
    objects.patch(invalid, undefined, 'All', 'headroom-test', true, PatchStrategy.ServerSideApply),
    (err: { code?: number }) => err.code === 422,
  );
});
