// The processor's BullMQ workers: a Deployment and an HPA on CPU and, with Prometheus Adapter,
// on queue depth per pod. The autoscaler raises this HPA's minReplicas ahead of forecast load.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { documentQueueName, metricNames } from '../../../common/metric-names.ts';
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
import { imageUid } from './processor-api.ts';
import { processorEnv, secretChecksumAnnotation, workerMetricsPort } from './processor-env.ts';

export interface WorkersArgs {
  image: string;
  imagePullPolicy: StackConfig['imagePullPolicy'];
  config: StackConfig['workers'];
  prometheusAdapter: boolean;
  secretName: pulumi.Input<string>;
  /** ProcessorSecret.checksum: a changed Secret rolls the pods. */
  secretChecksum: pulumi.Input<string>;
}

/** Must match autoscaler/scale-target.ts: the floor the autoscaler never goes below. */
export const baseMinAnnotation = 'headroom.dev/base-min-replicas';

export class Workers extends pulumi.ComponentResource {
  readonly deploymentName: pulumi.Output<string>;
  readonly hpaName: pulumi.Output<string>;

  constructor(
    name: string,
    args: WorkersArgs,
    ctx: ComponentContext,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('headroom:infra:Workers', name, {}, opts);
    const o = childOptions(this, ctx);
    const component = 'processor-worker';
    const probe = { httpGet: { path: '/metrics', port: 'metrics' }, periodSeconds: 10, timeoutSeconds: 3 };

    const deployment = new k8s.apps.v1.Deployment(
      name,
      {
        metadata: metadata(ctx, 'headroom-worker', component, processorLabel),
        spec: {
          // The HPA owns the replica count after creation.
          replicas: args.config.minReplicas,
          selector: { matchLabels: selector(component) },
          template: {
            metadata: {
              labels: labels(component, processorLabel),
              annotations: {
                'prometheus.io/scrape': 'true',
                'prometheus.io/port': String(workerMetricsPort),
                'prometheus.io/path': '/metrics',
                [secretChecksumAnnotation]: args.secretChecksum,
              },
            },
            spec: {
              automountServiceAccountToken: false,
              securityContext: podSecurityContext(imageUid),
              // Lets in-flight jobs finish on SIGTERM (BullMQ closes gracefully).
              terminationGracePeriodSeconds: 60,
              containers: [
                {
                  name: 'worker',
                  image: args.image,
                  imagePullPolicy: args.imagePullPolicy,
                  args: ['work'],
                  env: processorEnv(args.secretName, [
                    { name: 'HEADROOM_WORKER_CONCURRENCY', value: String(args.config.concurrency) },
                  ]),
                  ports: [{ name: 'metrics', containerPort: workerMetricsPort }],
                  startupProbe: { ...probe, periodSeconds: 2, failureThreshold: 60 },
                  livenessProbe: probe,
                  readinessProbe: { ...probe, periodSeconds: 5 },
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
      { ...o, ignoreChanges: ['spec.replicas'] },
    );

    const metrics: k8s.types.input.autoscaling.v2.MetricSpec[] = [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: args.config.targetCpuPercent },
        },
      },
    ];
    if (args.prometheusAdapter) {
      // External metric served by Prometheus Adapter; AverageValue divides it by the replicas,
      // so this is "waiting jobs per worker pod".
      metrics.push({
        type: 'External',
        external: {
          metric: {
            name: metricNames.queueJobs,
            selector: { matchLabels: { queue: documentQueueName, state: 'waiting' } },
          },
          target: { type: 'AverageValue', averageValue: String(args.config.queueDepthPerPod) },
        },
      });
    }

    const hpaMeta = metadata(ctx, 'headroom-worker', component);
    const hpa = new k8s.autoscaling.v2.HorizontalPodAutoscaler(
      name,
      {
        metadata: {
          ...hpaMeta,
          // The configured floor: `pulumi up` resets minReplicas to it and the autoscaler
          // raises it again on its next interval, never below this.
          annotations: { ...hpaMeta.annotations, [baseMinAnnotation]: String(args.config.minReplicas) },
        },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name },
          minReplicas: args.config.minReplicas,
          maxReplicas: args.config.maxReplicas,
          metrics,
          behavior: {
            scaleDown: { stabilizationWindowSeconds: 300 },
            scaleUp: { stabilizationWindowSeconds: 0 },
          },
        },
      },
      o,
    );

    this.deploymentName = deployment.metadata.name;
    this.hpaName = hpa.metadata.name;
    this.registerOutputs({ deploymentName: this.deploymentName, hpaName: this.hpaName });
  }
}
