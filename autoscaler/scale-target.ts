import {
  AutoscalingV2Api,
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { HeadroomError } from '../common/errors.ts';

/** What the controller scales: the HPA's floor (minReplicas), read and patched. */
export interface FloorState {
  minReplicas: number;
  maxReplicas: number;
  /** The floor the owners configured, before the autoscaler first raised it. */
  baseMin: number;
  /** Replicas running now and what the HPA itself wants (its reactive recommendation). */
  currentReplicas: number;
  desiredReplicas: number;
  resourceVersion: string;
}

export interface ScaleTarget {
  readonly label: string;
  read(): Promise<FloorState>;
  /** Sets the floor; fails (without retrying) when the object changed since `state` was read. */
  setFloor(state: FloorState, minReplicas: number): Promise<void>;
  /** Best effort: an Event on the object saying what was decided and why. */
  event(type: 'Normal' | 'Warning', reason: string, message: string): Promise<void>;
}

export class ScaleTargetError extends HeadroomError {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message, 1);
    this.name = 'ScaleTargetError';
  }
}

/** The base-floor annotation holds something that is no replica count (edited by hand). */
export class BaseFloorAnnotationError extends ScaleTargetError {}

/** The annotation that remembers the owners' minReplicas, so lowering never goes below it. */
export const baseMinAnnotation = 'headroom.dev/base-min-replicas';
const fieldManager = 'headroom-autoscaler';
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ScaleTargetError(`${what}: no answer from the API server within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function describeKubeError(error: unknown, what: string): ScaleTargetError {
  if (error instanceof ScaleTargetError) return error;
  const e = error as { code?: unknown; body?: unknown; message?: string; cause?: { code?: string } };
  if (typeof e.code === 'number') {
    let reason: string;
    try {
      const body =
        typeof e.body === 'string'
          ? (JSON.parse(e.body) as { message?: string })
          : (e.body as { message?: string });
      reason = body?.message ?? '';
    } catch {
      reason = String(e.body ?? '');
    }
    return new ScaleTargetError(`${what}: HTTP ${e.code}${reason ? ` ${reason}` : ''}`, e.code);
  }
  const code = e.cause?.code ?? (e as { code?: string }).code;
  return new ScaleTargetError(`${what}: ${code ?? e.message ?? String(error)}`);
}

export class HpaScaleTarget implements ScaleTarget {
  readonly label: string;
  private readonly hpas: AutoscalingV2Api;
  private readonly core: CoreV1Api;
  private uid: string | undefined;

  constructor(
    kc: KubeConfig,
    readonly namespace: string,
    readonly name: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.label = `${namespace}/${name}`;
    this.hpas = kc.makeApiClient(AutoscalingV2Api);
    this.core = kc.makeApiClient(CoreV1Api);
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(fn(), this.timeoutMs, what);
    } catch (error) {
      throw describeKubeError(error, what);
    }
  }

  async read(): Promise<FloorState> {
    const hpa: V2HorizontalPodAutoscaler = await this.call(`get HPA ${this.label}`, () =>
      this.hpas.readNamespacedHorizontalPodAutoscaler({ namespace: this.namespace, name: this.name }),
    );
    this.uid = hpa.metadata?.uid;
    const minReplicas = hpa.spec?.minReplicas ?? 1;
    const annotated = hpa.metadata?.annotations?.[baseMinAnnotation];
    // Read as Number(), "" was a floor of 0 and "1e9" one of 10⁹; neither is the owners' floor.
    if (annotated !== undefined && !/^\d{1,6}$/.test(annotated.trim())) {
      throw new BaseFloorAnnotationError(
        `HPA ${this.label}: annotation ${baseMinAnnotation} is ${JSON.stringify(annotated)}, not a replica count: ` +
          `set it to the owners' minReplicas`,
      );
    }
    return {
      minReplicas,
      maxReplicas: hpa.spec?.maxReplicas ?? minReplicas,
      baseMin: annotated === undefined ? minReplicas : Number(annotated),
      currentReplicas: hpa.status?.currentReplicas ?? minReplicas,
      desiredReplicas: hpa.status?.desiredReplicas ?? minReplicas,
      resourceVersion: hpa.metadata?.resourceVersion ?? '',
    };
  }

  async setFloor(state: FloorState, minReplicas: number): Promise<void> {
    // resourceVersion makes the patch conditional: if anyone changed the HPA since we read
    // it, the API server answers 409 and we act on fresh data next time instead of fighting.
    const body = {
      metadata: {
        resourceVersion: state.resourceVersion,
        annotations: { [baseMinAnnotation]: String(state.baseMin) },
      },
      spec: { minReplicas },
    };
    await this.call(`patch HPA ${this.label}`, () =>
      this.hpas.patchNamespacedHorizontalPodAutoscaler(
        { namespace: this.namespace, name: this.name, body, fieldManager },
        mergePatch,
      ),
    );
  }

  async event(type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> {
    const now = new Date();
    await this.call(`create Event on ${this.label}`, () =>
      this.core.createNamespacedEvent({
        namespace: this.namespace,
        body: {
          metadata: { generateName: `${this.name}.headroom-` },
          involvedObject: {
            apiVersion: 'autoscaling/v2',
            kind: 'HorizontalPodAutoscaler',
            name: this.name,
            namespace: this.namespace,
            uid: this.uid,
          },
          type,
          reason,
          // Events are capped at 1 KiB of message by kubectl's conventions; keep ours short.
          message: message.slice(0, 1000),
          source: { component: fieldManager },
          reportingComponent: fieldManager,
          reportingInstance: fieldManager,
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
        },
      }),
    );
  }
}
