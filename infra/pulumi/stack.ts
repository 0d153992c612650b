// The whole environment from a validated stack config: data stores, the processor, monitoring
// and the autoscaler, all through one Kubernetes provider.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Autoscaler } from './components/autoscaler.ts';
import { labels, type ComponentContext } from './components/common.ts';
import { Grafana } from './components/grafana.ts';
import { DataStoreNetworkPolicies } from './components/network-policies.ts';
import { Postgres } from './components/postgres.ts';
import { Prometheus } from './components/prometheus.ts';
import { ProcessorApi } from './components/processor-api.ts';
import { ProcessorSecret } from './components/processor-env.ts';
import { Redis } from './components/redis.ts';
import { Workers } from './components/workers.ts';
import type { StackConfig } from './config.ts';
import { grafanaDashboards, grafanaProvisioning, prometheusRules, type RenderedFile } from './rendered.ts';

export interface RenderedInputs {
  rules: RenderedFile[];
  dashboards: RenderedFile[];
  provisioning: RenderedFile[];
}

export function readRenderedInputs(): RenderedInputs {
  return { rules: prometheusRules(), dashboards: grafanaDashboards(), provisioning: grafanaProvisioning() };
}

export interface StackOutputs {
  namespace: pulumi.Output<string>;
  apiUrl: pulumi.Output<string>;
  prometheusUrl: pulumi.Output<string>;
  workerHpa: pulumi.Output<string>;
}

export function buildStack(cfg: StackConfig, rendered: RenderedInputs = readRenderedInputs()): StackOutputs {
  const provider = new k8s.Provider('k8s', {
    kubeconfig: cfg.kubeconfig,
    context: cfg.context,
    // Field ownership lets the autoscaler own what it patches next to Pulumi.
    enableServerSideApply: true,
  });
  const namespace = cfg.createNamespace
    ? new k8s.core.v1.Namespace(
        'namespace',
        { metadata: { name: cfg.namespace, labels: labels('namespace') } },
        { provider },
      ).metadata.name
    : pulumi.output(cfg.namespace);
  const ctx: ComponentContext = {
    namespace,
    provider,
    skipAwait: cfg.skipAwait,
    storageClass: cfg.storageClass,
  };

  const redis = new Redis('redis', { config: cfg.redis, password: cfg.secrets.redisPassword }, ctx);
  const postgres = new Postgres(
    'postgres',
    { config: cfg.postgres, password: cfg.secrets.postgresPassword },
    ctx,
  );
  new DataStoreNetworkPolicies(
    'datastores',
    [
      { component: 'redis', port: redis.port },
      { component: 'postgres', port: postgres.port },
    ],
    ctx,
  );
  const secret = new ProcessorSecret(
    'processor',
    {
      apiKey: cfg.secrets.apiKey,
      previousApiKey: cfg.secrets.previousApiKey,
      redisPassword: cfg.secrets.redisPassword,
      redisHost: redis.host,
      redisPort: redis.port,
      postgresPassword: cfg.secrets.postgresPassword,
      postgresHost: postgres.host,
      postgresPort: postgres.port,
    },
    ctx,
  );
  const image = { image: cfg.image, imagePullPolicy: cfg.imagePullPolicy };
  const processorSecret = { secretName: secret.name, secretChecksum: secret.checksum };
  const api = new ProcessorApi('api', { ...image, config: cfg.api, ...processorSecret }, ctx);
  const workers = new Workers(
    'workers',
    { ...image, config: cfg.workers, prometheusAdapter: cfg.prometheusAdapter, ...processorSecret },
    ctx,
  );
  const prometheus = new Prometheus('prometheus', { config: cfg.prometheus, rules: rendered.rules }, ctx);
  if (cfg.grafana.enabled) {
    new Grafana(
      'grafana',
      {
        config: cfg.grafana,
        adminPassword: cfg.secrets.grafanaAdminPassword,
        prometheusUrl: prometheus.url,
        dashboards: rendered.dashboards,
        provisioning: rendered.provisioning,
      },
      ctx,
    );
  }
  if (cfg.autoscaler.enabled) {
    new Autoscaler(
      'autoscaler',
      { ...image, config: cfg.autoscaler, hpaName: workers.hpaName, prometheusUrl: prometheus.url },
      ctx,
    );
  }
  return { namespace, apiUrl: api.url, prometheusUrl: prometheus.url, workerHpa: workers.hpaName };
}
