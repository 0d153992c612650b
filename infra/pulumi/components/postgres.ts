// PostgreSQL for documents and results: one StatefulSet replica with a volume; the password
// comes from a Secret made from the stack's secret config.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../config.ts';
import {
  childOptions,
  containerSecurityContext,
  labels,
  metadata,
  podSecurityContext,
  resources,
  selector,
  tmpMount,
  tmpVolume,
  type ComponentContext,
} from './common.ts';

export interface PostgresArgs {
  config: StackConfig['postgres'];
  password: pulumi.Output<string>;
}

export const postgresUser = 'headroom';
export const postgresDatabase = 'headroom';

export class Postgres extends pulumi.ComponentResource {
  readonly host: pulumi.Output<string>;
  readonly port = 5432;

  constructor(
    name: string,
    args: PostgresArgs,
    ctx: ComponentContext,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('headroom:infra:Postgres', name, {}, opts);
    const o = childOptions(this, ctx);
    const component = 'postgres';

    const secret = new k8s.core.v1.Secret(
      `${name}-auth`,
      {
        metadata: metadata(ctx, 'headroom-postgres-auth', component),
        type: 'Opaque',
        stringData: { password: args.password },
      },
      o,
    );

    const service = new k8s.core.v1.Service(
      name,
      {
        metadata: metadata(ctx, 'headroom-postgres', component),
        spec: {
          clusterIP: 'None',
          selector: selector(component),
          ports: [{ name: 'postgres', port: this.port }],
        },
      },
      o,
    );

    const uid = 999; // the postgres user of the official image
    const ready = ['pg_isready', '-U', postgresUser, '-d', postgresDatabase, '-h', '127.0.0.1'];
    new k8s.apps.v1.StatefulSet(
      name,
      {
        metadata: metadata(ctx, 'headroom-postgres', component),
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
                  name: 'postgres',
                  image: args.config.image,
                  env: [
                    { name: 'POSTGRES_USER', value: postgresUser },
                    { name: 'POSTGRES_DB', value: postgresDatabase },
                    // A subdirectory: the volume root holds lost+found on most filesystems.
                    { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
                    {
                      name: 'POSTGRES_PASSWORD',
                      valueFrom: { secretKeyRef: { name: secret.metadata.name, key: 'password' } },
                    },
                  ],
                  ports: [{ name: 'postgres', containerPort: this.port }],
                  livenessProbe: { exec: { command: ready }, initialDelaySeconds: 30, periodSeconds: 10 },
                  readinessProbe: { exec: { command: ready }, periodSeconds: 5 },
                  resources: resources(args.config.resources),
                  securityContext: containerSecurityContext(),
                  volumeMounts: [
                    { name: 'data', mountPath: '/var/lib/postgresql/data' },
                    // The socket directory: the root filesystem is read-only.
                    { name: 'run', mountPath: '/var/run/postgresql' },
                    tmpMount,
                  ],
                },
              ],
              volumes: [{ name: 'run', emptyDir: {} }, tmpVolume],
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
    this.registerOutputs({ host: this.host });
  }
}
