// Prometheus: scrapes the annotated Headroom pods in its own namespace (pod discovery needs a
// namespaced Role to list pods) and loads the rules rendered by `headroom dashboards render`.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { stringify } from 'yaml';
import type { StackConfig } from '../config.ts';
import type { RenderedFile } from '../rendered.ts';
import {
  childOptions,
  containerSecurityContext,
  labels,
  metadata,
  podSecurityContext,
  resources,
  selector,
  serviceAccountWithRole,
  type ComponentContext,
} from './common.ts';

export interface PrometheusArgs {
  config: StackConfig['prometheus'];
  /** `dashboards/rendered/prometheus/*.rules.yml`, read at program time. */
  rules: RenderedFile[];
}

export const prometheusPort = 9090;

/** The scrape config: pods annotated prometheus.io/scrape in this namespace. */
export function scrapeConfig(namespace: string): string {
  return stringify({
    global: { scrape_interval: '15s', evaluation_interval: '15s' },
    rule_files: ['/etc/prometheus/rules/*.yml'],
    scrape_configs: [
      {
        job_name: 'headroom-pods',
        kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [namespace] } }],
        relabel_configs: [
          {
            source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'],
            action: 'keep',
            regex: 'true',
          },
          {
            source_labels: ['__address__', '__meta_kubernetes_pod_annotation_prometheus_io_port'],
            action: 'replace',
            regex: '([^:]+)(?::\\d+)?;(\\d+)',
            replacement: '$1:$2',
            target_label: '__address__',
          },
          {
            source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_path'],
            action: 'replace',
            regex: '(.+)',
            target_label: '__metrics_path__',
          },
          { source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'], target_label: 'job' },
          { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
        ],
      },
    ],
  });
}

export class Prometheus extends pulumi.ComponentResource {
  readonly url: pulumi.Output<string>;

  constructor(
    name: string,
    args: PrometheusArgs,
    ctx: ComponentContext,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('headroom:infra:Prometheus', name, {}, opts);
    const o = childOptions(this, ctx);
    const component = 'prometheus';

    // Discovery only: read pods, nothing else, in this namespace only.
    const sa = serviceAccountWithRole(
      name,
      ctx,
      'headroom-prometheus',
      component,
      [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
      o,
    );

    const config = new k8s.core.v1.ConfigMap(
      `${name}-config`,
      {
        metadata: metadata(ctx, 'headroom-prometheus-config', component),
        data: { 'prometheus.yml': pulumi.output(ctx.namespace).apply(scrapeConfig) },
      },
      o,
    );
    const rules = new k8s.core.v1.ConfigMap(
      `${name}-rules`,
      {
        metadata: metadata(ctx, 'headroom-prometheus-rules', component),
        data: Object.fromEntries(args.rules.map((f) => [f.name, f.text])),
      },
      o,
    );

    const service = new k8s.core.v1.Service(
      name,
      {
        metadata: metadata(ctx, 'headroom-prometheus', component),
        spec: {
          selector: selector(component),
          ports: [{ name: 'http', port: prometheusPort, targetPort: 'http' }],
        },
      },
      o,
    );

    const uid = 65534; // nobody, as in the official image
    new k8s.apps.v1.StatefulSet(
      name,
      {
        metadata: metadata(ctx, 'headroom-prometheus', component),
        spec: {
          serviceName: service.metadata.name,
          replicas: 1,
          selector: { matchLabels: selector(component) },
          template: {
            metadata: { labels: labels(component) },
            spec: {
              serviceAccountName: sa.metadata.name,
              securityContext: podSecurityContext(uid),
              containers: [
                {
                  name: 'prometheus',
                  image: args.config.image,
                  args: [
                    '--config.file=/etc/prometheus/prometheus.yml',
                    '--storage.tsdb.path=/prometheus',
                    `--storage.tsdb.retention.time=${args.config.retention}`,
                    '--web.enable-lifecycle',
                  ],
                  ports: [{ name: 'http', containerPort: prometheusPort }],
                  livenessProbe: { httpGet: { path: '/-/healthy', port: 'http' }, periodSeconds: 10 },
                  readinessProbe: { httpGet: { path: '/-/ready', port: 'http' }, periodSeconds: 5 },
                  resources: resources(args.config.resources),
                  securityContext: containerSecurityContext(),
                  volumeMounts: [
                    {
                      name: 'config',
                      mountPath: '/etc/prometheus/prometheus.yml',
                      subPath: 'prometheus.yml',
                    },
                    { name: 'rules', mountPath: '/etc/prometheus/rules' },
                    { name: 'data', mountPath: '/prometheus' },
                  ],
                },
              ],
              volumes: [
                { name: 'config', configMap: { name: config.metadata.name } },
                { name: 'rules', configMap: { name: rules.metadata.name } },
              ],
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

    this.url = pulumi.interpolate`http://${service.metadata.name}.${service.metadata.namespace}.svc:${prometheusPort}`;
    this.registerOutputs({ url: this.url });
  }
}
