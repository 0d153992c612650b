// Grafana with the Headroom dashboards provisioned from dashboards/rendered/grafana/*.json and
// the rendered provisioning files, the datasource pointed at the in-cluster Prometheus.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { parse, stringify } from 'yaml';
import type { StackConfig } from '../config.ts';
import { StackConfigError } from '../config.ts';
import type { RenderedFile } from '../rendered.ts';
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

export interface GrafanaArgs {
  config: StackConfig['grafana'];
  adminPassword: pulumi.Output<string>;
  prometheusUrl: pulumi.Input<string>;
  dashboards: RenderedFile[];
  provisioning: RenderedFile[];
}

/** The rendered datasources.yml points at the local Prometheus; here it is the in-cluster one. */
export function datasourcesFor(text: string, prometheusUrl: string): string {
  const doc = parse(text) as { datasources?: { type?: string; url?: string }[] };
  const prometheus = doc.datasources?.filter((d) => d.type === 'prometheus') ?? [];
  if (prometheus.length === 0) throw new StackConfigError('datasources.yml has no prometheus datasource');
  for (const d of prometheus) d.url = prometheusUrl;
  return stringify(doc);
}

export class Grafana extends pulumi.ComponentResource {
  constructor(
    name: string,
    args: GrafanaArgs,
    ctx: ComponentContext,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('headroom:infra:Grafana', name, {}, opts);
    const o = childOptions(this, ctx);
    const component = 'grafana';

    const datasources = args.provisioning.find((f) => f.name === 'datasources.yml');
    const providers = args.provisioning.find((f) => f.name === 'dashboards.yml');
    if (!datasources || !providers) {
      throw new StackConfigError(
        'dashboards/rendered/grafana/provisioning needs datasources.yml and dashboards.yml',
      );
    }
    const dashboardsPath = (parse(providers.text) as { providers?: { options?: { path?: string } }[] })
      .providers?.[0]?.options?.path;
    if (!dashboardsPath) throw new StackConfigError('dashboards.yml has no providers[0].options.path');

    const secret = new k8s.core.v1.Secret(
      `${name}-admin`,
      {
        metadata: metadata(ctx, 'headroom-grafana-admin', component),
        type: 'Opaque',
        stringData: { password: args.adminPassword },
      },
      o,
    );
    const provisioning = new k8s.core.v1.ConfigMap(
      `${name}-provisioning`,
      {
        metadata: metadata(ctx, 'headroom-grafana-provisioning', component),
        data: {
          'datasources.yml': pulumi
            .output(args.prometheusUrl)
            .apply((url) => datasourcesFor(datasources.text, url)),
          'dashboards.yml': providers.text,
        },
      },
      o,
    );
    const dashboards = new k8s.core.v1.ConfigMap(
      `${name}-dashboards`,
      {
        metadata: metadata(ctx, 'headroom-grafana-dashboards', component),
        data: Object.fromEntries(args.dashboards.map((f) => [f.name, f.text])),
      },
      o,
    );

    const uid = 472; // grafana, as in the official image
    new k8s.apps.v1.Deployment(
      name,
      {
        metadata: metadata(ctx, 'headroom-grafana', component),
        spec: {
          replicas: 1,
          selector: { matchLabels: selector(component) },
          template: {
            metadata: { labels: labels(component) },
            spec: {
              automountServiceAccountToken: false,
              securityContext: podSecurityContext(uid),
              containers: [
                {
                  name: 'grafana',
                  image: args.config.image,
                  env: [
                    { name: 'GF_SECURITY_ADMIN_USER', value: 'admin' },
                    {
                      name: 'GF_SECURITY_ADMIN_PASSWORD',
                      valueFrom: { secretKeyRef: { name: secret.metadata.name, key: 'password' } },
                    },
                    { name: 'GF_PATHS_PROVISIONING', value: '/etc/grafana/provisioning' },
                    { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
                    { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
                  ],
                  ports: [{ name: 'http', containerPort: 3000 }],
                  livenessProbe: { httpGet: { path: '/api/health', port: 'http' }, periodSeconds: 10 },
                  readinessProbe: { httpGet: { path: '/api/health', port: 'http' }, periodSeconds: 5 },
                  resources: resources(args.config.resources),
                  securityContext: containerSecurityContext(),
                  volumeMounts: [
                    // Grafana's own database and plugins: scratch, dashboards come from code.
                    { name: 'storage', mountPath: '/var/lib/grafana' },
                    { name: 'dashboards', mountPath: dashboardsPath },
                    {
                      name: 'provisioning',
                      mountPath: '/etc/grafana/provisioning/datasources/datasources.yml',
                      subPath: 'datasources.yml',
                    },
                    {
                      name: 'provisioning',
                      mountPath: '/etc/grafana/provisioning/dashboards/dashboards.yml',
                      subPath: 'dashboards.yml',
                    },
                    tmpMount,
                  ],
                },
              ],
              volumes: [
                { name: 'storage', emptyDir: {} },
                { name: 'dashboards', configMap: { name: dashboards.metadata.name } },
                { name: 'provisioning', configMap: { name: provisioning.metadata.name } },
                tmpVolume,
              ],
            },
          },
        },
      },
      o,
    );

    new k8s.core.v1.Service(
      name,
      {
        metadata: metadata(ctx, 'headroom-grafana', component),
        spec: { selector: selector(component), ports: [{ name: 'http', port: 3000, targetPort: 'http' }] },
      },
      o,
    );
    this.registerOutputs({});
  }
}
