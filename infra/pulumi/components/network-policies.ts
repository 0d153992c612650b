// Only the processor (API and workers) reaches Redis and PostgreSQL: every other pod, in this
// namespace or another, is refused by these ingress policies.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { childOptions, metadata, processorLabel, selector, type ComponentContext } from './common.ts';

export interface DataStore {
  component: string;
  port: number;
}

export class DataStoreNetworkPolicies extends pulumi.ComponentResource {
  constructor(
    name: string,
    stores: DataStore[],
    ctx: ComponentContext,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('headroom:infra:DataStoreNetworkPolicies', name, {}, opts);
    for (const store of stores) {
      new k8s.networking.v1.NetworkPolicy(
        `${name}-${store.component}`,
        {
          metadata: metadata(ctx, `headroom-${store.component}-ingress`, store.component),
          spec: {
            podSelector: { matchLabels: selector(store.component) },
            policyTypes: ['Ingress'],
            ingress: [
              {
                // A podSelector without a namespaceSelector means: pods of this namespace only.
                from: [{ podSelector: { matchLabels: processorLabel } }],
                ports: [{ protocol: 'TCP', port: store.port }],
              },
            ],
          },
        },
        childOptions(this, ctx),
      );
    }
    this.registerOutputs({});
  }
}
