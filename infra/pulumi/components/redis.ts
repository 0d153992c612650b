// Redis for the BullMQ queue: one StatefulSet replica with a volume, AOF on (an accepted job
// survives a restart) and noeviction (BullMQ must never lose keys to memory pressure).
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../config.ts';
import { childOptions, tmpMount, type ComponentContext } from './common.ts';
import { statefulStore } from './stateful-store.ts';

export interface RedisArgs {
  config: StackConfig['redis'];
  password: pulumi.Output<string>;
}

export class Redis extends pulumi.ComponentResource {
  readonly host: pulumi.Output<string>;
  readonly port = 6379;

  constructor(name: string, args: RedisArgs, ctx: ComponentContext, opts?: pulumi.ComponentResourceOptions) {
    super('headroom:infra:Redis', name, {}, opts);
    this.host = statefulStore(
      name,
      {
        component: 'redis',
        port: this.port,
        uid: 999, // the redis user of the official image
        image: args.config.image,
        resources: args.config.resources,
        storage: args.config.storage,
        password: args.password,
        readsPasswordAtStart: true,
        container: (passwordSecret) => ({
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
              valueFrom: { secretKeyRef: { name: passwordSecret, key: 'password' } },
            },
          ],
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
          volumeMounts: [{ name: 'data', mountPath: '/data' }, tmpMount],
        }),
      },
      ctx,
      childOptions(this, ctx),
    );
    this.registerOutputs({ host: this.host });
  }
}
