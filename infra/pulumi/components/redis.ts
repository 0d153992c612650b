// Redis for the BullMQ queue: one StatefulSet replica with a volume, AOF on (an accepted job
// survives a restart) and noeviction (BullMQ must never lose keys to memory pressure).
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../config.ts';
import {
  childOptions,
  containerSecurityContext,
  metadata,
  podSecurityContext,
  resources,
  selector,
  labels,
  tmpMount,
  tmpVolume,
  type ComponentContext,
} from './common.ts';

export interface RedisArgs {
  config: StackConfig['redis'];
  password: pulumi.Output<string>;
}

export class Redis extends pulumi.ComponentResource {
  readonly host: pulumi.Output<string>;
  readonly port = 6379;
  readonly secretName: pulumi.Output<string>;

  constructor(name: string, args: RedisArgs, ctx: ComponentContext, opts?: pulumi.ComponentResourceOptions) {
    super('headroom:infra:Redis', name, {}, opts);
    const o = childOptions(this, ctx);
    const component = 'redis';

    const secret = new k8s.core.v1.Secret(
      `${name}-auth`,
      {
        metadata: metadata(ctx, 'headroom-redis-auth', component),
        type: 'Opaque',
        stringData: { password: args.password },
      },
      o,
    );

    const service = new k8s.core.v1.Service(
      name,
      {
        metadata: metadata(ctx, 'headroom-redis', component),
        spec: {
          clusterIP: 'None',
          selector: selector(component),
          ports: [{ name: 'redis', port: this.port }],
        },
      },
      o,
    );

    const uid = 999; // the redis user of the official image
    new k8s.apps.v1.StatefulSet(
      name,
      {
        metadata: metadata(ctx, 'headroom-redis', component),
        spec: {
          serviceName: service.metadata.name,
          replicas: 1,
          selector: { matchLabels: selector(component) },
          template: {
            metadata: { labels: labels(component) },
            spec: {
              automountServiceAccountToken: false,
              securityContext: podSecurityContext(uid),
              containers: [
                {
                  name: 'redis',
                  image: args.config.image,
                  // $(REDIS_PASSWORD) is expanded by the kubelet from the env below, so the
                  // password is in the Secret only, never in the manifest.
                  args: [
                    'redis-server',
                    '--dir',
                    '/data',
                    '--appendonly',
                    'yes',
                    '--appendfsync',
                    'everysec',
                    '--maxmemory',
                    args.config.maxMemory,
                    '--maxmemory-policy',
                    'noeviction',
                    '--requirepass',
                    '$(REDIS_PASSWORD)',
                  ],
                  env: [
                    {
                      name: 'REDIS_PASSWORD',
                      valueFrom: { secretKeyRef: { name: secret.metadata.name, key: 'password' } },
                    },
                  ],
                  ports: [{ name: 'redis', containerPort: this.port }],
                  livenessProbe: {
                    tcpSocket: { port: 'redis' },
                    initialDelaySeconds: 10,
                    periodSeconds: 10,
                  },
                  readinessProbe: {
                    exec: {
                      command: ['sh', '-c', 'REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli ping | grep -q PONG'],
                    },
                    periodSeconds: 5,
                  },
                  resources: resources(args.config.resources),
                  securityContext: containerSecurityContext(),
                  volumeMounts: [{ name: 'data', mountPath: '/data' }, tmpMount],
                },
              ],
              volumes: [tmpVolume],
            },
          },
          volumeClaimTemplates: [
            {
              metadata: { name: 'data' },
              spec: {
                accessModes: ['ReadWriteOnce'],
                storageClassName: ctx.storageClass,
                resources: { requests: { storage: args.config.storage } },
              },
            },
          ],
        },
      },
      o,
    );

    this.host = pulumi.interpolate`${service.metadata.name}.${service.metadata.namespace}.svc`;
    this.secretName = secret.metadata.name;
    this.registerOutputs({ host: this.host });
  }
}
