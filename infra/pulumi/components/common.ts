// What every component shares: labels, the hardened pod/container security settings, resource
// blocks and the options (provider, skipAwait) the stack passes down.
import { createHash } from 'node:crypto';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { Resources } from '../config.ts';

export const partOf = 'headroom';

/** Pods of the processor (API and workers): the only ones allowed to reach Redis and PostgreSQL. */
export const processorLabel = { 'headroom.dev/processor': 'true' };

export interface ComponentContext {
  namespace: pulumi.Input<string>;
  provider: k8s.Provider;
  /** Annotate objects so the provider does not wait for pods that may never run. */
  skipAwait: boolean;
  storageClass?: string;
}

export function labels(component: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'app.kubernetes.io/name': component,
    'app.kubernetes.io/part-of': partOf,
    'app.kubernetes.io/managed-by': 'pulumi',
    ...extra,
  };
}

/**
 * SHA-256 of secret values, for a pod template annotation that rolls the pods when they change:
 * pods read a Secret only when they start (as Helm charts carry `checksum/config`). Not itself
 * a secret: the values are random keys and passwords of at least 16 characters.
 */
export function secretsChecksum(values: pulumi.Input<string>[]): pulumi.Output<string> {
  return pulumi.unsecret(
    pulumi.all(values).apply((v) => createHash('sha256').update(JSON.stringify(v)).digest('hex')),
  );
}

/** The selector subset of `labels()`: stable, so changing extra labels never orphans pods. */
export function selector(component: string): Record<string, string> {
  return { 'app.kubernetes.io/name': component, 'app.kubernetes.io/part-of': partOf };
}

export function metadata(ctx: ComponentContext, name: string, component: string, extraLabels = {}) {
  return {
    name,
    namespace: ctx.namespace,
    labels: labels(component, extraLabels),
    annotations: ctx.skipAwait ? { 'pulumi.com/skipAwait': 'true' } : undefined,
  };
}

export function podSecurityContext(uid: number): k8s.types.input.core.v1.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function containerSecurityContext(
  readOnlyRootFilesystem = true,
): k8s.types.input.core.v1.SecurityContext {
  return {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function resources(r: Resources): k8s.types.input.core.v1.ResourceRequirements {
  return { requests: { ...r.requests }, limits: { ...r.limits } };
}

export function childOptions(parent: pulumi.Resource, ctx: ComponentContext): pulumi.CustomResourceOptions {
  return { parent, provider: ctx.provider };
}

/** The writable scratch directory a read-only root filesystem still needs. */
export const tmpVolume = { name: 'tmp', emptyDir: {} };
export const tmpMount = { name: 'tmp', mountPath: '/tmp' };

/** A ServiceAccount bound to a Role of exactly `rules` in the stack's namespace (all three named `objectName`). */
export function serviceAccountWithRole(
  name: string,
  ctx: ComponentContext,
  objectName: string,
  component: string,
  rules: k8s.types.input.rbac.v1.PolicyRule[],
  opts: pulumi.CustomResourceOptions,
): k8s.core.v1.ServiceAccount {
  const sa = new k8s.core.v1.ServiceAccount(name, { metadata: metadata(ctx, objectName, component) }, opts);
  const role = new k8s.rbac.v1.Role(name, { metadata: metadata(ctx, objectName, component), rules }, opts);
  new k8s.rbac.v1.RoleBinding(
    name,
    {
      metadata: metadata(ctx, objectName, component),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
      subjects: [{ kind: 'ServiceAccount', name: sa.metadata.name, namespace: ctx.namespace }],
    },
    opts,
  );
  return sa;
}
