// A real `pulumi up` / `pulumi destroy` against the local kube-apiserver, with the Pulumi CLI,
// Node.js language host and Kubernetes provider built from Go modules (scripts/tools/pulumi),
// a local file backend and a throwaway PULUMI_HOME: nothing is downloaded at run time.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { AppsV1Api, AutoscalingV2Api, CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { repoRoot, toolsDir } from '../../../common/paths.ts';
import {
  createNamespace,
  deleteNamespace,
  kubeClient,
  startKube,
  type LocalKube,
} from '../../../common/testing/kube.ts';

const run = promisify(execFile);
const fixture = join(repoRoot, 'infra', 'pulumi', 'tests', 'real-up-fixture');
const secretValue = `hr-fixture-${process.pid}-not-in-state`;

let kube: LocalKube;
let ns: string;
let work: string;
let env: NodeJS.ProcessEnv;

async function pulumi(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run(join(toolsDir, 'bin', 'pulumi'), [...args, '--non-interactive'], {
      cwd: join(work, 'program'),
      env,
      timeout: 240_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`pulumi ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`, {
      cause: err,
    });
  }
}

before(async () => {
  kube = await startKube();
  ns = await createNamespace('hr-pulumi-up');
  work = await mkdtemp(join(tmpdir(), 'headroom-pulumi-up-'));
  // The program runs from a temp copy (pulumi writes Pulumi.dev.yaml next to it); node_modules
  // is linked so @pulumi/* and tsx resolve from the repository.
  const program = join(work, 'program');
  await cp(fixture, program, { recursive: true });
  await symlink(join(repoRoot, 'node_modules'), join(program, 'node_modules'));
  await writeFile(join(program, 'package.json'), JSON.stringify({ name: 'real-up-fixture', type: 'module' }));
  await mkdir(join(work, 'state'));
  env = {
    ...process.env,
    // The CLI finds the language host and the provider on PATH (ambient plugins).
    PATH: `${join(toolsDir, 'bin')}:${process.env.PATH ?? ''}`,
    PULUMI_HOME: join(work, 'pulumi-home'),
    PULUMI_BACKEND_URL: `file://${join(work, 'state')}`,
    PULUMI_CONFIG_PASSPHRASE: 'headroom-test-passphrase',
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: 'true',
    KUBECONFIG: kube.kubeconfigPath,
    // The program is TypeScript with .ts imports, like the rest of the repository.
    NODE_OPTIONS: '--import tsx',
  };
  await pulumi('stack', 'init', 'dev');
  await pulumi('config', 'set', 'namespace', ns);
  await pulumi('config', 'set', 'minReplicas', '2');
  await pulumi('config', 'set', '--secret', 'apiKey', secretValue);
});

after(async () => {
  if (ns) await deleteNamespace(ns);
  if (work) await rm(work, { recursive: true, force: true });
  await kube?.stop();
});

test('pulumi up creates the objects in the real API server and an update patches them in place', async () => {
  const kc = kubeClient(kube.kubeconfigPath);
  const apps = kc.makeApiClient(AppsV1Api);
  const as = kc.makeApiClient(AutoscalingV2Api);

  await pulumi('up', '--yes', '--skip-preview');
  const outputs = JSON.parse(await pulumi('stack', 'output', '--json')) as Record<string, unknown>;
  assert.equal(outputs.hpaMinReplicas, 2);
  const deployment = await apps.readNamespacedDeployment({ name: 'fixture-worker', namespace: ns });
  assert.equal(deployment.spec?.template.spec?.containers[0]?.resources?.limits?.memory, '256Mi');
  const hpa = await as.readNamespacedHorizontalPodAutoscaler({ name: 'fixture-worker', namespace: ns });
  assert.equal(hpa.spec?.minReplicas, 2);
  const role = await kc
    .makeApiClient(RbacAuthorizationV1Api)
    .readNamespacedRole({ name: 'fixture-autoscaler', namespace: ns });
  assert.deepEqual(role.rules?.[0]?.verbs, ['get', 'patch']);
  const secret = await kc
    .makeApiClient(CoreV1Api)
    .readNamespacedSecret({ name: 'fixture-api-key', namespace: ns });
  assert.equal(Buffer.from(secret.data?.apiKey ?? '', 'base64').toString(), secretValue);

  // The secret reaches the cluster but never the state file in plain text.
  const state = await pulumi('stack', 'export');
  assert.ok(state.includes('fixture-worker'));
  assert.ok(!state.includes(secretValue), 'the API key is stored encrypted in the Pulumi state');
  assert.ok(!(await readFile(join(work, 'program', 'Pulumi.dev.yaml'), 'utf8')).includes(secretValue));

  await pulumi('config', 'set', 'minReplicas', '3');
  await pulumi('up', '--yes', '--skip-preview');
  const patched = await as.readNamespacedHorizontalPodAutoscaler({ name: 'fixture-worker', namespace: ns });
  assert.equal(patched.spec?.minReplicas, 3);
  assert.equal(patched.metadata?.uid, hpa.metadata?.uid, 'updated in place, not replaced');

  // Known gap: `pulumi destroy` hangs here (deletes are never confirmed without a
  // controller-manager); the namespace is removed by the after() hook instead.
});
