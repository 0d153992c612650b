// Redis and PostgreSQL are deployed the same way: a password Secret, a headless Service and
// one StatefulSet replica whose data lives on a volume claim. Each brings only its container.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { Resources } from '../config.ts';
import {
  containerSecurityContext,
  labels,
  metadata,
  podSecurityContext,
  resources,
  secretsChecksum,
  selector,
  tmpVolume,
  type ComponentContext,
} from './common.ts';

export interface StatefulStoreArgs {
  /** 'redis' or 'postgres': the label, the container name and the object names (headroom-<component>). */
  component: string;
  port: number;
  /** The image's own non-root user. */
  uid: number;
  image: string;
  resources: Resources;
  storage: string;
  password: pulumi.Output<string>;
  /**
   * True when the store reads its password at every start (Redis's `--requirepass`): the pod
   * template then carries the password's SHA-256, so a new password restarts it. PostgreSQL's
   * image sets it only when it creates the cluster, so restarting would change nothing.
   */
  readsPasswordAtStart: boolean;
  /**
   * Everything the store's container needs besides what is shared: command, env, probes and
   * mounts (the claim is the volume `data`). `passwordSecret` names the Secret (key `password`).
   */
  container: (
    passwordSecret: pulumi.Output<string>,
  ) => Omit<k8s.types.input.core.v1.Container, 'name' | 'image' | 'ports' | 'resources' | 'securityContext'>;
  /** Volumes besides /tmp, e.g. a socket directory. */
  volumes?: k8s.types.input.core.v1.Volume[];
}

/** Pod template annotation that follows the password of a store that reads it at start. */
export const storePasswordChecksumAnnotation = 'headroom.dev/password-sha256';

export function statefulStore(
  name: string,
  args: StatefulStoreArgs,
  ctx: ComponentContext,
  opts: pulumi.CustomResourceOptions,
): pulumi.Output<string> {
  const { component } = args;
  const objectName = `headroom-${component}`;
  const secret = new k8s.core.v1.Secret(
    `${name}-auth`,
    {
      metadata: metadata(ctx, `${objectName}-auth`, component),
      type: 'Opaque',
      stringData: { password: args.password },
    },
    opts,
  );

  const service = new k8s.core.v1.Service(
    name,
    {
      metadata: metadata(ctx, objectName, component),
      spec: {
        clusterIP: 'None',
        selector: selector(component),
        ports: [{ name: component, port: args.port }],
      },
    },
    opts,
  );

  new k8s.apps.v1.StatefulSet(
    name,
    {
      metadata: metadata(ctx, objectName, component),
      spec: {
        serviceName: service.metadata.name,
        replicas: 1,
        selector: { matchLabels: selector(component) },
        template: {
          metadata: {
            labels: labels(component),
            ...(args.readsPasswordAtStart
              ? {
                  annotations: {
                    [storePasswordChecksumAnnotation]: secretsChecksum([args.password]),
                  },
                }
              : {}),
          },
          spec: {
            automountServiceAccountToken: false,
            securityContext: podSecurityContext(args.uid),
            containers: [
              {
                ...args.container(secret.metadata.name),
                name: component,
                image: args.image,
                ports: [{ name: component, containerPort: args.port }],
                resources: resources(args.resources),
                securityContext: containerSecurityContext(),
              },
            ],
            volumes: [...(args.volumes ?? []), tmpVolume],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: ctx.storageClass,
              resources: { requests: { storage: args.storage } },
            },
          },
        ],
      },
    },
    opts,
  );

  // The in-cluster DNS name of the headless Service.
  return pulumi.interpolate`${service.metadata.name}.${service.metadata.namespace}.svc`;
}
