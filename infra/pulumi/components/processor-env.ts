// The processor's connection settings: one Secret (API key and the two connection URLs, which
// embed passwords) made from secret Outputs, and the env both API and workers read it from.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { childOptions, metadata, secretsChecksum, type ComponentContext } from './common.ts';
import { postgresDatabase, postgresUser } from './postgres.ts';

export interface ProcessorSecretArgs {
  apiKey: pulumi.Output<string>;
  previousApiKey?: pulumi.Output<string>;
  redisPassword: pulumi.Output<string>;
  redisHost: pulumi.Input<string>;
  redisPort: number;
  postgresPassword: pulumi.Output<string>;
  postgresHost: pulumi.Input<string>;
  postgresPort: number;
}

/** Pod template annotation that changes with the Secret, so a changed key or URL rolls the pods. */
export const secretChecksumAnnotation = 'headroom.dev/processor-secret-sha256';

export class ProcessorSecret extends pulumi.ComponentResource {
  readonly name: pulumi.Output<string>;
  /**
   * SHA-256 of the Secret's values. Pods read them as env vars at start only, and an updated
   * Secret changes no Deployment: the API and workers carry this in their pod templates, as Helm
   * charts carry `checksum/config`. A hash of random keys and passwords is not itself a secret.
   */
  readonly checksum: pulumi.Output<string>;

  constructor(
    name: string,
    args: ProcessorSecretArgs,
    ctx: ComponentContext,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('headroom:infra:ProcessorSecret', name, {}, opts);
    // Passwords may hold URL metacharacters; interpolating secret Outputs keeps the URLs secret.
    const redisUrl = pulumi
      .all([args.redisPassword, args.redisHost])
      .apply(([pw, host]) => `redis://:${encodeURIComponent(pw)}@${host}:${args.redisPort}`);
    const databaseUrl = pulumi
      .all([args.postgresPassword, args.postgresHost])
      .apply(
        ([pw, host]) =>
          `postgres://${postgresUser}:${encodeURIComponent(pw)}@${host}:${args.postgresPort}/${postgresDatabase}`,
      );
    const secret = new k8s.core.v1.Secret(
      name,
      {
        metadata: metadata(ctx, 'headroom-processor', 'processor'),
        type: 'Opaque',
        stringData: {
          apiKey: args.apiKey,
          ...(args.previousApiKey ? { previousApiKey: args.previousApiKey } : {}),
          redisUrl: pulumi.secret(redisUrl),
          databaseUrl: pulumi.secret(databaseUrl),
        },
      },
      childOptions(this, ctx),
    );
    this.name = secret.metadata.name;
    this.checksum = secretsChecksum([args.apiKey, args.previousApiKey ?? '', redisUrl, databaseUrl]);
    this.registerOutputs({ name: this.name, checksum: this.checksum });
  }
}

export const apiPort = 8080;
export const workerMetricsPort = 9091;

/** Env shared by `headroom serve` and `headroom work`; secrets by reference only. */
export function processorEnv(
  secretName: pulumi.Input<string>,
  extra: k8s.types.input.core.v1.EnvVar[] = [],
): k8s.types.input.core.v1.EnvVar[] {
  const fromSecret = (name: string, key: string) => ({
    name,
    valueFrom: { secretKeyRef: { name: secretName, key } },
  });
  return [
    // Listen on the pod IP, not loopback, so probes, Services and Prometheus reach it.
    { name: 'HEADROOM_HOST', value: '0.0.0.0' },
    { name: 'HEADROOM_PORT', value: String(apiPort) },
    { name: 'HEADROOM_WORKER_METRICS_PORT', value: String(workerMetricsPort) },
    fromSecret('HEADROOM_API_KEY', 'apiKey'),
    // Only during a key rotation (headroom:previousApiKey); otherwise the Secret has no such key.
    {
      name: 'HEADROOM_API_KEY_PREVIOUS',
      valueFrom: { secretKeyRef: { name: secretName, key: 'previousApiKey', optional: true } },
    },
    fromSecret('HEADROOM_REDIS_URL', 'redisUrl'),
    fromSecret('HEADROOM_DATABASE_URL', 'databaseUrl'),
    ...extra,
  ];
}
