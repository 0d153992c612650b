// The predictive autoscaler: Deployment, ServiceAccount and a Role that allows exactly what it
// does: get/patch the one HPA it manages, its Lease (create, then get/update that one) and
// Events (create/patch). Its config file is generated from the stack config.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { stringify } from 'yaml';
import type { StackConfig } from '../config.ts';
import {
  childOptions,
  containerSecurityContext,
  labels,
  metadata,
  podSecurityContext,
  resources,
  selector,
  serviceAccountWithRole,
  tmpMount,
  tmpVolume,
  type ComponentContext,
} from './common.ts';
import { imageUid } from './processor-api.ts';

export interface AutoscalerArgs {
  image: string;
  imagePullPolicy: StackConfig['imagePullPolicy'];
  config: StackConfig['autoscaler'];
  hpaName: pulumi.Input<string>;
  prometheusUrl: pulumi.Input<string>;
}

export const leaseName = 'headroom-autoscaler';
export const autoscalerMetricsPort = 9092;

/** The `headroom autoscale --config` file (autoscaler/config.ts validates it at start). */
export function autoscalerConfigFile(
  namespace: string,
  hpa: string,
  prometheusUrl: string,
  config: StackConfig['autoscaler'],
): string {
  return stringify({
    targets: [
      {
        name: 'workers',
        namespace,
        hpa,
        prometheus: { url: prometheusUrl },
        capacity: { perPodRate: config.perPodRate },
        interval: config.interval,
      },
    ],
    leaderElection: { namespace, name: leaseName },
    metricsPort: autoscalerMetricsPort,
    // Reachable by Prometheus and the kubelet's probes; only /metrics and /healthz are served.
    metricsHost: '0.0.0.0',
  });
}

/** The Role's rules: nothing more than the controller calls (autoscaler/scale-target.ts, leader.ts). */
export function autoscalerRules(hpaName: pulumi.Input<string>): k8s.types.input.rbac.v1.PolicyRule[] {
  return [
    {
      apiGroups: ['autoscaling'],
      resources: ['horizontalpodautoscalers'],
      resourceNames: [hpaName],
      verbs: ['get', 'patch'],
    },
    // create cannot be limited by resourceNames (the object has no name yet when authorised).
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
    {
      apiGroups: ['coordination.k8s.io'],
      resources: ['leases'],
      resourceNames: [leaseName],
      verbs: ['get', 'update'],
    },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
  ];
}

export class Autoscaler extends pulumi.ComponentResource {
  constructor(
    name: string,
    args: AutoscalerArgs,
    ctx: ComponentContext,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('headroom:infra:Autoscaler', name, {}, opts);
    const o = childOptions(this, ctx);
    const component = 'autoscaler';

    const sa = serviceAccountWithRole(
      name,
      ctx,
      'headroom-autoscaler',
      component,
      autoscalerRules(args.hpaName),
      o,
    );

    const configMap = new k8s.core.v1.ConfigMap(
      name,
      {
        metadata: metadata(ctx, 'headroom-autoscaler', component),
        data: {
          'autoscaler.yaml': pulumi
            .all([ctx.namespace, args.hpaName, args.prometheusUrl])
            .apply(([ns, hpa, url]) => autoscalerConfigFile(ns, hpa, url, args.config)),
        },
      },
      o,
    );

    const healthz = {
      httpGet: { path: '/healthz', port: autoscalerMetricsPort },
      periodSeconds: 15,
      timeoutSeconds: 5,
    };
    new k8s.apps.v1.Deployment(
      name,
      {
        metadata: metadata(ctx, 'headroom-autoscaler', component),
        spec: {
          // Leader election makes a second replica a warm standby, not a second writer.
          replicas: 1,
          selector: { matchLabels: selector(component) },
          template: {
            metadata: {
              labels: labels(component),
              annotations: {
                'prometheus.io/scrape': 'true',
                'prometheus.io/port': String(autoscalerMetricsPort),
                'prometheus.io/path': '/metrics',
              },
            },
            spec: {
              serviceAccountName: sa.metadata.name,
              securityContext: podSecurityContext(imageUid),
              containers: [
                {
                  name: 'autoscaler',
                  image: args.image,
                  imagePullPolicy: args.imagePullPolicy,
                  args: ['autoscale', '--config', '/etc/headroom/autoscaler.yaml'],
                  livenessProbe: { ...healthz, initialDelaySeconds: 20 },
                  readinessProbe: healthz,
                  resources: resources(args.config.resources),
                  securityContext: containerSecurityContext(),
                  volumeMounts: [{ name: 'config', mountPath: '/etc/headroom', readOnly: true }, tmpMount],
                },
              ],
              volumes: [{ name: 'config', configMap: { name: configMap.metadata.name } }, tmpVolume],
            },
          },
        },
      },
      o,
    );
    this.registerOutputs({});
  }
}
