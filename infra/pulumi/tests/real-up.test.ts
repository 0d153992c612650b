// A real `pulumi up`, update and `pulumi destroy` against the local kube-apiserver, with the
// Pulumi CLI, Node.js language host and Kubernetes provider built from Go modules
// (scripts/tools/pulumi), a local file backend and a throwaway PULUMI_HOME: nothing is
// downloaded at run time. The destroy uses the provider's default foreground deletion, which
// finishes because scripts/kube runs the garbage collector.
import assert from 'node:assert/strict';
import { cp, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AppsV1Api, AutoscalingV2Api, CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { repoRoot } from '../../../common/paths.ts';
import {
  createNamespace,
  deleteNamespace,
  kubeClient,
  startKube,
  type LocalKube,
} from '../../../common/testing/kube.ts';
import { pulumiWork, readStatus, type PulumiWork } from './real-up-harness.ts';

const fixture = join(repoRoot, 'infra', 'pulumi', 'tests', 'real-up-fixture');
const secretValue = `hr-fixture-${process.pid}-not-in-state`;

let kube: LocalKube;
let ns: string;
let work: PulumiWork;
let program: string;

const pulumi = (...args: string[]) => work.pulumi(program, args);

before(async () => {
  kube = await startKube();
  ns = await createNamespace('hr-pulumi-up');
  work = await pulumiWork('headroom-pulumi-up', kube.kubeconfigPath);
  // The program runs from a temp copy (pulumi writes Pulumi.dev.yaml next to it); node_modules
  // is linked so @pulumi/* and tsx resolve from the repository.
  program = join(work.dir, 'program');
  await cp(fixture, program, { recursive: true });
  await symlink(join(repoRoot, 'node_modules'), join(program, 'node_modules'));
  await writeFile(join(program, 'package.json'), JSON.stringify({ name: 'real-up-fixture', type: 'module' }));
  await pulumi('stack', 'init', 'dev');
  await pulumi('config', 'set', 'namespace', ns);
  await pulumi('config', 'set', 'minReplicas', '2');
  await pulumi('config', 'set', '--secret', 'apiKey', secretValue);
});

after(async () => {
  if (ns) await deleteNamespace(ns);
  await work?.cleanup();
  await kube?.stop();
});

test('pulumi up creates the objects, an update patches them in place, pulumi destroy deletes them', async () => {
  const kc = kubeClient(kube.kubeconfigPath);
  const apps = kc.makeApiClient(AppsV1Api);
  const as = kc.makeApiClient(AutoscalingV2Api);
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const reads = {
    deployment: () => apps.readNamespacedDeployment({ name: 'fixture-worker', namespace: ns }),
    hpa: () => as.readNamespacedHorizontalPodAutoscaler({ name: 'fixture-worker', namespace: ns }),
    role: () => rbac.readNamespacedRole({ name: 'fixture-autoscaler', namespace: ns }),
    roleBinding: () => rbac.readNamespacedRoleBinding({ name: 'fixture-autoscaler', namespace: ns }),
    serviceAccount: () => core.readNamespacedServiceAccount({ name: 'fixture-autoscaler', namespace: ns }),
    secret: () => core.readNamespacedSecret({ name: 'fixture-api-key', namespace: ns }),
  };

  await pulumi('up', '--yes', '--skip-preview');
  const outputs = JSON.parse(await pulumi('stack', 'output', '--json')) as Record<string, unknown>;
  assert.equal(outputs.hpaMinReplicas, 2);
  const deployment = await reads.deployment();
  assert.equal(deployment.spec?.template.spec?.containers[0]?.resources?.limits?.memory, '256Mi');
  const hpa = await reads.hpa();
  assert.equal(hpa.spec?.minReplicas, 2);
  const role = await reads.role();
  assert.deepEqual(role.rules?.[0]?.verbs, ['get', 'patch']);
  const secret = await reads.secret();
  assert.equal(Buffer.from(secret.data?.apiKey ?? '', 'base64').toString(), secretValue);

  // The secret reaches the cluster but never the state file in plain text.
  const state = await pulumi('stack', 'export');
  assert.ok(state.includes('fixture-worker'));
  assert.ok(!state.includes(secretValue), 'the API key is stored encrypted in the Pulumi state');
  assert.ok(!(await readFile(join(program, 'Pulumi.dev.yaml'), 'utf8')).includes(secretValue));

  await pulumi('config', 'set', 'minReplicas', '3');
  await pulumi('up', '--yes', '--skip-preview');
  const patched = await reads.hpa();
  assert.equal(patched.spec?.minReplicas, 3);
  assert.equal(patched.metadata?.uid, hpa.metadata?.uid, 'updated in place, not replaced');

  await pulumi('destroy', '--yes', '--skip-preview');
  for (const [what, read] of Object.entries(reads)) {
    assert.equal(await readStatus(read), 404, `${what} is gone after pulumi destroy`);
  }
  const left = JSON.parse(await pulumi('stack', 'export')) as { deployment: { resources?: unknown[] } };
  assert.deepEqual(left.deployment.resources ?? [], [], 'the stack is empty after destroy');
});
