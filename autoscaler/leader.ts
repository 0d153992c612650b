import { CoordinationV1Api, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { V1MicroTime } from '@kubernetes/client-node';
import { describeKubeError, withTimeout } from './scale-target.ts';

/**
 * Leader election on a coordination.k8s.io Lease, so two autoscaler replicas never fight over
 * the same HPA. Only the holder acts; the others keep trying and take over when the holder
 * stops renewing for a lease duration. Updates carry the resourceVersion, so two candidates
 * racing for an expired lease cannot both win (the loser gets 409 Conflict).
 */
export class LeaseElector {
  private readonly api: CoordinationV1Api;

  constructor(
    kc: KubeConfig,
    readonly namespace: string,
    readonly name: string,
    readonly identity: string,
    readonly leaseDurationSeconds: number,
    private readonly timeoutMs = 10_000,
  ) {
    this.api = kc.makeApiClient(CoordinationV1Api);
  }

  /** Acquires or renews the lease; true when this instance holds it afterwards. */
  async tryAcquire(now = new Date()): Promise<boolean> {
    const what = `lease ${this.namespace}/${this.name}`;
    let lease: V1Lease | null = null;
    try {
      lease = await withTimeout(
        this.api.readNamespacedLease({ namespace: this.namespace, name: this.name }),
        this.timeoutMs,
        what,
      );
    } catch (error) {
      if ((error as { code?: number }).code !== 404) throw describeKubeError(error, `get ${what}`);
    }
    const spec = {
      holderIdentity: this.identity,
      leaseDurationSeconds: this.leaseDurationSeconds,
      renewTime: new V1MicroTime(now.getTime()),
    };
    try {
      if (!lease) {
        await withTimeout(
          this.api.createNamespacedLease({
            namespace: this.namespace,
            body: {
              metadata: { name: this.name },
              spec: { ...spec, acquireTime: new V1MicroTime(now.getTime()), leaseTransitions: 0 },
            },
          }),
          this.timeoutMs,
          what,
        );
        return true;
      }
      const holder = lease.spec?.holderIdentity;
      const renewed = lease.spec?.renewTime ? new Date(lease.spec.renewTime).getTime() : 0;
      const duration = (lease.spec?.leaseDurationSeconds ?? this.leaseDurationSeconds) * 1000;
      const expired = renewed + duration < now.getTime();
      if (holder && holder !== this.identity && !expired) return false;
      const takeover = holder !== this.identity;
      await withTimeout(
        this.api.replaceNamespacedLease({
          namespace: this.namespace,
          name: this.name,
          body: {
            metadata: { name: this.name, resourceVersion: lease.metadata?.resourceVersion },
            spec: {
              ...spec,
              acquireTime: takeover ? new V1MicroTime(now.getTime()) : lease.spec?.acquireTime,
              leaseTransitions: (lease.spec?.leaseTransitions ?? 0) + (takeover ? 1 : 0),
            },
          },
        }),
        this.timeoutMs,
        what,
      );
      return true;
    } catch (error) {
      // Someone else created or renewed it between our read and write: they lead.
      if ((error as { code?: number }).code === 409) return false;
      throw describeKubeError(error, `update ${what}`);
    }
  }
}
