// The processor's ingest API: Deployment, Service and a PodDisruptionBudget; liveness on
// /healthz (the process answers) and readiness on /readyz (PostgreSQL and Redis reachable).
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../config.ts';
import {
  childOptions,
  containerSecurityContext,
  labels,
  metadata,
  podSecurityContext,
  processorLabel,
  resources,
  selector,
  tmpMount,
  tmpVolume,
  type ComponentContext,
} from './common.ts';
import { apiPort, processorEnv, secretChecksumAnnotation } from './processor-env.ts';

export interface ProcessorApiArgs {
  image: string;
  imagePullPolicy: StackConfig['imagePullPolicy'];
  config: StackConfig['api'];
  secretName: pulumi.Input<string>;
  /** ProcessorSecret.checksum: a changed Secret rolls the pods. */
  secretChecksum: pulumi.Input<string>;
}

/** The node user of node:20-bookworm-slim, which the Dockerfile runs as. */
export const imageUid = 1000;

export class ProcessorApi extends pulumi.ComponentResource {
  readonly serviceName: pulumi.Output<string>;
  readonly url: pulumi.Output<string>;

  constructor(
    name: string,
    args: ProcessorApiArgs,
    ctx: ComponentContext,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('headroom:infra:ProcessorApi', name, {}, opts);
    const o = childOptions(this, ctx);
    const component = 'processor-api';
    const podLabels = labels(component, processorLabel);

    new k8s.apps.v1.Deployment(
      name,
      {
        metadata: metadata(ctx, 'headroom-api', component, processorLabel),
        spec: {
          replicas: args.config.replicas,
          selector: { matchLabels: selector(component) },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
          template: {
            metadata: {
              labels: podLabels,
              annotations: {
                'prometheus.io/scrape': 'true',
                'prometheus.io/port': String(apiPort),
                'prometheus.io/path': '/metrics',
                [secretChecksumAnnotation]: args.secretChecksum,
              },
            },
            spec: {
              automountServiceAccountToken: false,
              securityContext: podSecurityContext(imageUid),
              terminationGracePeriodSeconds: 30,
              containers: [
                {
                  name: 'api',
                  image: args.image,
                  imagePullPolicy: args.imagePullPolicy,
                  args: ['serve'],
                  env: processorEnv(args.secretName, [
                    { name: 'HEADROOM_RATE_LIMIT_PER_MINUTE', value: String(args.config.rateLimitPerMinute) },
                    {
                      name: 'HEADROOM_DOCUMENT_RETENTION_DAYS',
                      value: String(args.config.documentRetentionDays),
                    },
                  ]),
                  ports: [{ name: 'http', containerPort: apiPort }],
                  startupProbe: {
                    httpGet: { path: '/healthz', port: 'http' },
                    periodSeconds: 2,
                    failureThreshold: 60,
                  },
                  livenessProbe: {
                    httpGet: { path: '/healthz', port: 'http' },
                    periodSeconds: 10,
                    timeoutSeconds: 3,
                  },
                  readinessProbe: {
                    httpGet: { path: '/readyz', port: 'http' },
                    periodSeconds: 5,
                    timeoutSeconds: 3,
                  },
                  resources: resources(args.config.resources),
                  securityContext: containerSecurityContext(),
                  volumeMounts: [tmpMount],
                },
              ],
              volumes: [tmpVolume],
            },
          },
        },
      },
      o,
    );

    const service = new k8s.core.v1.Service(
      name,
      {
        metadata: metadata(ctx, 'headroom-api', component),
        spec: { selector: selector(component), ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      },
      o,
    );

    new k8s.policy.v1.PodDisruptionBudget(
      name,
      {
        metadata: metadata(ctx, 'headroom-api', component),
        spec: { minAvailable: args.config.minAvailable, selector: { matchLabels: selector(component) } },
      },
      o,
    );

    this.serviceName = service.metadata.name;
    this.url = pulumi.interpolate`http://${service.metadata.name}.${service.metadata.namespace}.svc`;
    this.registerOutputs({ url: this.url });
  }
}
