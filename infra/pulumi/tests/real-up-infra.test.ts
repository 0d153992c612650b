// The real infra program (infra/pulumi, `dev` stack values) through a real `pulumi up` and
// `pulumi destroy` against the local kube-apiserver, with the toolchain built by
// scripts/tools/pulumi and a local file backend. No nodes: awaiting is off (headroom:skipAwait).
// The program creates its own namespace; destroy deletes it, which finishes because
// scripts/kube runs the namespace controller and the garbage collector.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AutoscalingV2Api, CoreV1Api, KubernetesObjectApi } from '@kubernetes/client-node';
import { repoRoot } from '../../../common/paths.ts';
import { deleteNamespace, kubeClient, startKube, type LocalKube } from '../../../common/testing/kube.ts';
import { pulumiWork, readStatus, type PulumiWork } from './real-up-harness.ts';

const secrets = {
  redisPassword: `redis-realup-${process.pid}-secret`,
  postgresPassword: `pg-realup-${process.pid}-secret`,
  apiKey: `hr_realup_${process.pid}_secret_key`,
  grafanaAdminPassword: `grafana-realup-${process.pid}-secret`,
};

let kube: LocalKube;
const ns = `hr-infra-up-${randomBytes(4).toString('hex')}`;
let work: PulumiWork;
let program: string;

const pulumi = (...args: string[]) => work.pulumi(program, args);

interface StateResource {
  type: string;
  outputs?: { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } };
}

/** What the API server needs to find an object (KubernetesObjectApi.read). */
type ObjectRef = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

/** The Kubernetes objects (not the provider) recorded in the stack's state. */
async function stateObjects(): Promise<{ objects: ObjectRef[]; text: string }> {
  const text = await pulumi('stack', 'export');
  const state = JSON.parse(text) as { deployment: { resources?: StateResource[] } };
  const objects = (state.deployment.resources ?? [])
    .filter((r) => r.type.startsWith('kubernetes:') && !r.type.startsWith('pulumi:providers'))
    .map((r) => ({
      apiVersion: r.outputs?.apiVersion ?? '',
      kind: r.outputs?.kind ?? '',
      metadata: { name: r.outputs?.metadata?.name ?? '', namespace: r.outputs?.metadata?.namespace },
    }));
  return { objects, text };
}

before(async () => {
  kube = await startKube();
  work = await pulumiWork('headroom-infra-up', kube.kubeconfigPath);
  // A throwaway copy of infra/pulumi (pulumi writes the stack's config and salt next to the
  // program); the folders it imports and reads are linked from the repository.
  const root = join(work.dir, 'repo');
  program = join(root, 'infra', 'pulumi');
  await mkdir(join(root, 'infra'), { recursive: true });
  await cp(join(repoRoot, 'infra', 'pulumi'), program, {
    recursive: true,
    filter: (src) => !src.startsWith(join(repoRoot, 'infra', 'pulumi', 'tests')),
  });
  for (const dir of ['node_modules', 'common', 'dashboards', 'autoscaler', 'capacity', 'package.json']) {
    await symlink(join(repoRoot, dir), join(root, dir));
  }
  await pulumi('stack', 'init', 'dev');
  await pulumi('config', 'set', 'headroom:namespace', ns);
  await pulumi('config', 'set', 'headroom:createNamespace', 'true');
  await pulumi('config', 'set', 'headroom:skipAwait', 'true');
  for (const [key, value] of Object.entries(secrets)) {
    await pulumi('config', 'set', '--secret', `headroom:${key}`, value);
  }
});

after(async () => {
  await deleteNamespace(ns).catch(() => undefined);
  await work?.cleanup();
  await kube?.stop();
});

test('pulumi up provisions the dev stack in the real API server and pulumi destroy removes it', async (t) => {
  const kc = kubeClient(kube.kubeconfigPath);
  const api = KubernetesObjectApi.makeApiClient(kc);
  await pulumi('up', '--yes', '--skip-preview');

  const { objects, text } = await stateObjects();
  t.diagnostic(`${objects.length} objects: ${[...new Set(objects.map((o) => o.kind))].join(', ')}`);
  assert.ok(objects.length >= 20, `expected the whole environment, got ${objects.length} objects`);
  for (const [key, value] of Object.entries(secrets)) {
    assert.ok(!text.includes(value), `${key} is stored encrypted in the Pulumi state`);
  }
  assert.ok(!(await readFile(join(program, 'Pulumi.dev.yaml'), 'utf8')).includes(secrets.apiKey));

  // Every object Pulumi recorded is really in the API server.
  for (const o of objects) {
    const found = await api.read(o);
    assert.equal(found.metadata?.name, o.metadata?.name, `${o.kind} ${o.metadata?.name}`);
  }
  assert.equal((await kc.makeApiClient(CoreV1Api).readNamespace({ name: ns })).status?.phase, 'Active');
  const hpas = await kc
    .makeApiClient(AutoscalingV2Api)
    .listNamespacedHorizontalPodAutoscaler({ namespace: ns });
  assert.equal(hpas.items.length, 1);
  assert.equal(hpas.items[0]?.spec?.minReplicas, 1);
  assert.equal(hpas.items[0]?.spec?.maxReplicas, 3);

  await pulumi('destroy', '--yes', '--skip-preview');
  for (const o of objects) {
    assert.equal(
      await readStatus(() => api.read(o)),
      404,
      `${o.kind} ${o.metadata?.name} is gone after pulumi destroy`,
    );
  }
  assert.deepEqual((await stateObjects()).objects, [], 'the stack is empty after destroy');
});
