// Test helpers for the real local Kubernetes control plane started by `scripts/kube`
// (etcd + kube-apiserver on loopback, no nodes; a kube-controller-manager runs only the garbage
// collector and the namespace controller).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { dataDir, repoRoot } from '../paths.ts';

const run = promisify(execFile);

export const kubeDir = join(dataDir, 'kube');
export const adminKubeconfigPath = join(kubeDir, 'kubeconfig');
const kubeScript = join(repoRoot, 'scripts', 'kube');

export interface LocalKube {
  kubeconfigPath: string;
  /** https://127.0.0.1:16443 */
  server: string;
  /** Bearer token of a system:masters user (bypasses RBAC). */
  adminToken: string;
  /** Stops the control plane only if this call started it (it is shared between test files). */
  stop(): Promise<void>;
}

async function isUp(): Promise<boolean> {
  try {
    await run(kubeScript, ['status']);
    return true;
  } catch {
    return false;
  }
}

/** Starts etcd + kube-apiserver + kube-controller-manager if they are not running (idempotent) and returns how to reach them. */
export async function startKube(): Promise<LocalKube> {
  const wasUp = await isUp();
  if (!wasUp) await run(kubeScript, ['up'], { timeout: 180_000 });
  const kc = kubeClient(adminKubeconfigPath);
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  if (!cluster || !user?.token) throw new Error(`${adminKubeconfigPath} has no cluster or token`);
  return {
    kubeconfigPath: adminKubeconfigPath,
    server: cluster.server,
    adminToken: user.token,
    stop: async () => {
      if (!wasUp) await run(kubeScript, ['down'], { timeout: 60_000 });
    },
  };
}

/** A `KubeConfig` loaded from a kubeconfig file (the admin one by default). */
export function kubeClient(kubeconfigPath: string = adminKubeconfigPath): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return kc;
}

/** A fresh, uniquely named namespace (`<prefix>-<random>`); returns its name. */
export async function createNamespace(prefix = 'hr-test', kc: KubeConfig = kubeClient()): Promise<string> {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name } } });
  return name;
}

/**
 * Deletes a namespace; the namespace controller (scripts/kube runs it) then deletes everything
 * in it and removes the namespace. Does not wait for that: names are unique per test.
 */
export async function deleteNamespace(name: string, kc: KubeConfig = kubeClient()): Promise<void> {
  try {
    await kc.makeApiClient(CoreV1Api).deleteNamespace({ name });
  } catch (err) {
    if ((err as { code?: number }).code !== 404) throw err;
  }
}

/** Creates a ServiceAccount and returns a short-lived token for it (TokenRequest API). */
export async function serviceAccountToken(
  namespace: string,
  name: string,
  kc: KubeConfig = kubeClient(),
  expirationSeconds = 3600,
): Promise<string> {
  const core = kc.makeApiClient(CoreV1Api);
  try {
    await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name } } });
  } catch (err) {
    if ((err as { code?: number }).code !== 409) throw err;
  }
  const req = await core.createNamespacedServiceAccountToken({
    name,
    namespace,
    body: { spec: { audiences: [], expirationSeconds } },
  });
  const token = req.status?.token;
  if (!token) throw new Error(`TokenRequest for ${namespace}/${name} returned no token`);
  return token;
}

/**
 * Writes a kubeconfig that authenticates as the ServiceAccount `namespace/sa` with `token`
 * against the same cluster as the admin kubeconfig (for RBAC tests); returns its path.
 */
export async function serviceAccountKubeconfig(
  namespace: string,
  sa: string,
  token: string,
): Promise<string> {
  const admin = kubeClient();
  const cluster = admin.getCurrentCluster();
  if (!cluster) throw new Error(`${adminKubeconfigPath} has no current cluster`);
  const ca = await readFile(join(kubeDir, 'pki', 'ca.crt'));
  const user = `system:serviceaccount:${namespace}:${sa}`;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      { name: cluster.name, server: cluster.server, caData: ca.toString('base64'), skipTLSVerify: false },
    ],
    users: [{ name: user, token }],
    contexts: [{ name: user, cluster: cluster.name, user, namespace }],
    currentContext: user,
  });
  const dir = await mkdtemp(join(tmpdir(), 'headroom-sa-kubeconfig-'));
  const path = join(dir, 'kubeconfig');
  await writeFile(path, kc.exportConfig(), { mode: 0o600 });
  return path;
}

/** Request options for a JSON merge patch (client-node's patch calls default to JSON Patch). */
export const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
