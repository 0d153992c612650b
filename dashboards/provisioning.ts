import { toYaml } from './rules/yaml.ts';
import { localServices } from '../common/local-services.ts';

/** Where Grafana finds the rendered dashboard JSON (mount the grafana/ folder there). */
export const grafanaDashboardsPath = '/var/lib/grafana/dashboards/headroom';
export const datasourceUid = 'headroom-prometheus';

/** Grafana file provisioning of the rendered dashboards, in one read-only "Headroom" folder. */
export function dashboardProvider(): string {
  return toYaml({
    apiVersion: 1,
    providers: [
      {
        name: 'headroom',
        folder: 'Headroom',
        type: 'file',
        disableDeletion: true,
        allowUiUpdates: false,
        updateIntervalSeconds: 30,
        options: { path: grafanaDashboardsPath, foldersFromFilesStructure: false },
      },
    ],
  });
}

/**
 * The Prometheus datasource. The URL is the local stack's; a deployment (infra/pulumi)
 * replaces it with the in-cluster service address.
 */
export function datasourceProvider(): string {
  return toYaml({
    apiVersion: 1,
    datasources: [
      {
        name: 'Prometheus',
        uid: datasourceUid,
        type: 'prometheus',
        access: 'proxy',
        url: localServices.prometheusUrl,
        isDefault: true,
        // Matches the 5 s scrape interval so $__rate_interval spans enough samples.
        jsonData: { timeInterval: '5s', httpMethod: 'POST' },
      },
    ],
  });
}
