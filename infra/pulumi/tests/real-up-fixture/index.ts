// Exercises what the infra program relies on: a namespaced Deployment that can never become
// ready (no nodes, so awaiting is skipped), an autoscaling/v2 HPA with bounds from config,
// least-privilege RBAC and a secret that must stay encrypted in the state.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

const config = new pulumi.Config();
const namespace = config.require('namespace');
const minReplicas = config.requireNumber('minReplicas');
const apiKey = config.requireSecret('apiKey');
const labels = { app: 'fixture-worker' };
// No nodes in the local control plane: pods never start, so do not wait for rollouts.
const skipAwait = { 'pulumi.com/skipAwait': 'true' };

const secret = new k8s.core.v1.Secret('api-key', {
  metadata: { namespace, name: 'fixture-api-key' },
  stringData: { apiKey },
});

const deployment = new k8s.apps.v1.Deployment('worker', {
  metadata: { namespace, name: 'fixture-worker', annotations: skipAwait },
  spec: {
    replicas: 1,
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: {
        containers: [
          {
            name: 'worker',
            image: 'registry.invalid/headroom:fixture',
            env: [
              { name: 'API_KEY', valueFrom: { secretKeyRef: { name: secret.metadata.name, key: 'apiKey' } } },
            ],
            resources: {
              requests: { cpu: '100m', memory: '128Mi' },
              limits: { cpu: '500m', memory: '256Mi' },
            },
          },
        ],
      },
    },
  },
});

const hpa = new k8s.autoscaling.v2.HorizontalPodAutoscaler('worker', {
  metadata: { namespace, name: 'fixture-worker' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name },
    minReplicas,
    maxReplicas: 8,
    metrics: [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
      },
    ],
  },
});

const sa = new k8s.core.v1.ServiceAccount('autoscaler', {
  metadata: { namespace, name: 'fixture-autoscaler' },
});
const role = new k8s.rbac.v1.Role('autoscaler', {
  metadata: { namespace, name: 'fixture-autoscaler' },
  rules: [
    {
      apiGroups: ['autoscaling'],
      resources: ['horizontalpodautoscalers'],
      resourceNames: ['fixture-worker'],
      verbs: ['get', 'patch'],
    },
  ],
});
new k8s.rbac.v1.RoleBinding('autoscaler', {
  metadata: { namespace, name: 'fixture-autoscaler' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
  subjects: [{ kind: 'ServiceAccount', name: sa.metadata.name, namespace }],
});

export const hpaName = hpa.metadata.name;
export const hpaMinReplicas = hpa.spec.minReplicas;
export const deploymentName = deployment.metadata.name;
