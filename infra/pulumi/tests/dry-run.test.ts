// Every object the dev and prod stacks would create, sent to the real kube-apiserver as a
// server-side apply with dryRun=All: schema, defaulting and validation run, nothing is stored.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AppsV1Api,
  KubernetesObjectApi,
  PatchStrategy,
  type KubernetesObject,
} from '@kubernetes/client-node';
import {
  createNamespace,
  deleteNamespace,
  kubeClient,
  startKube,
  type LocalKube,
} from '../../../common/testing/kube.ts';
import { renderManifests, type KubeObject } from '../render.ts';

const secrets = {
  redisPassword: 'dry-run-redis-password',
  postgresPassword: 'dry-run-postgres-password',
  apiKey: 'hr_dry_run_api_key',
  grafanaAdminPassword: 'dry-run-grafana-pw',
};

let kube: LocalKube;
const namespaces: string[] = [];

before(async () => {
  kube = await startKube();
});

after(async () => {
  for (const ns of namespaces) await deleteNamespace(ns);
  await kube?.stop();
});

async function dryRunApply(objects: KubeObject[]): Promise<string[]> {
  const api = KubernetesObjectApi.makeApiClient(kubeClient(kube.kubeconfigPath));
  const accepted: string[] = [];
  for (const object of objects) {
    const label = `${object.kind} ${object.metadata.name}`;
    try {
      const result = await api.patch(
        object as KubernetesObject,
        undefined,
        'All',
        'headroom-pulumi-dry-run',
        true,
        PatchStrategy.ServerSideApply,
      );
      // The server answers with the object as it would store it (defaults filled in).
      assert.equal(result.metadata?.name, object.metadata.name, label);
      accepted.push(label);
    } catch (error) {
      const body = (error as { body?: unknown }).body;
      throw new Error(
        `${label} refused by the API server: ${typeof body === 'string' ? body : String(error)}`,
        {
          cause: error,
        },
      );
    }
  }
  return accepted;
}

for (const stack of ['dev', 'prod']) {
  test(`every ${stack} object is accepted by a server-side dry-run apply`, async () => {
    const ns = await createNamespace(`hr-pulumi-${stack}`);
    namespaces.push(ns);
    // The namespace exists already (dry-run objects cannot go into a namespace that is only
    // dry-run created), so the program is told not to create it.
    const manifests = await renderManifests(stack, {
      secrets,
      overrides: { namespace: ns, createNamespace: false },
    });
    assert.ok(manifests.length >= 30, `${manifests.length} objects`);
    assert.ok(!manifests.some((m) => m.kind === 'Namespace'));
    const accepted = await dryRunApply(manifests);
    assert.equal(accepted.length, manifests.length);
    for (const kind of [
      'StatefulSet',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Role',
      'NetworkPolicy',
      'Secret',
    ]) {
      assert.ok(
        accepted.some((a) => a.startsWith(`${kind} `)),
        `a ${kind} was among the accepted objects`,
      );
    }
    // A dry run stores nothing.
    await assert.rejects(
      kubeClient(kube.kubeconfigPath)
        .makeApiClient(AppsV1Api)
        .readNamespacedDeployment({ name: 'headroom-api', namespace: ns }),
      (err: { code?: number }) => err.code === 404,
    );
  });
}

test('the API server refuses an object it would not store (the dry run can fail)', async () => {
  const ns = namespaces[0] ?? (await createNamespace('hr-pulumi-bad'));
  if (!namespaces.includes(ns)) namespaces.push(ns);
  const [hpa] = (
    await renderManifests('dev', { secrets, overrides: { namespace: ns, createNamespace: false } })
  ).filter((m) => m.kind === 'HorizontalPodAutoscaler');
  const broken = structuredClone(hpa) as KubeObject & { spec: { maxReplicas: number } };
  broken.spec.maxReplicas = 0;
  await assert.rejects(
    dryRunApply([broken]),
    /HorizontalPodAutoscaler headroom-worker refused by the API server/,
  );
});
