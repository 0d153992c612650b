// PostgreSQL for documents and results: one StatefulSet replica with a volume; the password
// comes from a Secret made from the stack's secret config.
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../config.ts';
import { childOptions, tmpMount, type ComponentContext } from './common.ts';
import { statefulStore } from './stateful-store.ts';

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
    const ready = ['pg_isready', '-U', postgresUser, '-d', postgresDatabase, '-h', '127.0.0.1'];
    this.host = statefulStore(
      name,
      {
        component: 'postgres',
        port: this.port,
        uid: 999, // the postgres user of the official image
        image: args.config.image,
        resources: args.config.resources,
        storage: args.config.storage,
        password: args.password,
        readsPasswordAtStart: false,
        container: (passwordSecret) => ({
          // The workers commit without waiting for the disk; the API's commits flush whatever
          // WAL they wrote since the WAL writer's last flush (up to 200 ms of it by default).
          args: ['-c', 'wal_writer_delay=10ms'],
          env: [
            { name: 'POSTGRES_USER', value: postgresUser },
            { name: 'POSTGRES_DB', value: postgresDatabase },
            // A subdirectory: the volume root holds lost+found on most filesystems.
            { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
            {
              name: 'POSTGRES_PASSWORD',
              valueFrom: { secretKeyRef: { name: passwordSecret, key: 'password' } },
            },
          ],
          livenessProbe: { exec: { command: ready }, initialDelaySeconds: 30, periodSeconds: 10 },
          readinessProbe: { exec: { command: ready }, periodSeconds: 5 },
          volumeMounts: [
            { name: 'data', mountPath: '/var/lib/postgresql/data' },
            // The socket directory: the root filesystem is read-only.
            { name: 'run', mountPath: '/var/run/postgresql' },
            tmpMount,
          ],
        }),
        volumes: [{ name: 'run', emptyDir: {} }],
      },
      ctx,
      childOptions(this, ctx),
    );
    this.registerOutputs({ host: this.host });
  }
}
