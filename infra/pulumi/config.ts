// Stack configuration (`headroom:*` keys in Pulumi.<stack>.yaml), validated up front so a typo
// is one clear error naming the key instead of a half-applied environment.
import * as pulumi from '@pulumi/pulumi';
import { apiKeyProblem } from '../../common/api-key.ts';

export class StackConfigError extends Error {
  override name = 'StackConfigError';
}

export interface Resources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

export interface StackConfig {
  /** Namespace every object goes into. */
  namespace: string;
  /** Create the namespace (false when it is managed elsewhere). */
  createNamespace: boolean;
  /** Processor/autoscaler image built from the repository's Dockerfile. */
  image: string;
  imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  /** Do not wait for rollouts (a cluster without nodes, or a render-only run). */
  skipAwait: boolean;
  /** kubeconfig contents or path and context; unset = the current kubeconfig. */
  kubeconfig?: string;
  context?: string;
  storageClass?: string;
  /** Prometheus Adapter is installed: the worker HPA also scales on queue depth per pod. */
  prometheusAdapter: boolean;
  api: {
    replicas: number;
    minAvailable: number;
    rateLimitPerMinute: number;
    /** HEADROOM_DOCUMENT_RETENTION_DAYS: the PostgreSQL volume is finite, so documents are not kept for ever. */
    documentRetentionDays: number;
    resources: Resources;
  };
  workers: {
    minReplicas: number;
    maxReplicas: number;
    targetCpuPercent: number;
    queueDepthPerPod: number;
    concurrency: number;
    resources: Resources;
  };
  redis: { image: string; storage: string; maxMemory: string; resources: Resources };
  postgres: { image: string; storage: string; resources: Resources };
  prometheus: { image: string; storage: string; retention: string; resources: Resources };
  grafana: { enabled: boolean; image: string; resources: Resources };
  autoscaler: {
    enabled: boolean;
    /** Documents/s one worker pod sustains within the SLOs (from `headroom capacity fit`). */
    perPodRate: number;
    interval: string;
    resources: Resources;
  };
  secrets: {
    redisPassword: pulumi.Output<string>;
    postgresPassword: pulumi.Output<string>;
    apiKey: pulumi.Output<string>;
    /** The key being rotated out: it keeps working until this is unset (processor/README.md). */
    previousApiKey?: pulumi.Output<string>;
    grafanaAdminPassword: pulumi.Output<string>;
  };
}

/** The raw values a config source gives: strings for scalars, parsed JSON/YAML for objects. */
export interface ConfigSource {
  get(key: string): string | undefined;
  getObject(key: string): unknown;
  /** The plain value of a secret key (the engine decrypts config before the program runs). */
  getSecret(key: string): string | undefined;
}

/** Reads `headroom:*` from the running Pulumi program (or the mocks' config map). */
export function pulumiConfigSource(config = new pulumi.Config('headroom')): ConfigSource {
  return {
    get: (key) => config.get(key),
    getObject: (key) => {
      try {
        return config.getObject<unknown>(key);
      } catch {
        throw new StackConfigError(`headroom:${key} must be a YAML object`);
      }
    },
    // The raw map, not config.get: that warns about reading a secret as plain text, and the
    // value goes straight into pulumi.secret() below.
    getSecret: (key) => pulumi.runtime.getConfig(`headroom:${key}`),
  };
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const quantity = /^\d+(\.\d+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/;
const duration = /^(\d+(ms|s|m|h|d|w|y))+$/;
const redisMemory = /^\d+(b|kb|mb|gb|k|m|g)$/i;

type Obj = Record<string, unknown>;

/** Reads one object-valued key (`headroom:workers`) field by field, naming the field on error. */
class Section {
  constructor(
    private readonly raw: Obj,
    private readonly key: string,
  ) {}

  static of(source: ConfigSource, key: string): Section {
    const value = source.getObject(key);
    if (value === undefined || value === null) return new Section({}, key);
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new StackConfigError(`headroom:${key} must be an object`);
    }
    return new Section(value as Obj, key);
  }

  private name(field: string): string {
    return `headroom:${this.key}.${field}`;
  }

  only(fields: string[]): this {
    const extra = Object.keys(this.raw).find((k) => !fields.includes(k));
    if (extra)
      throw new StackConfigError(`${this.name(extra)} is not a known key (known: ${fields.join(', ')})`);
    return this;
  }

  int(field: string, fallback: number, min: number, max: number): number {
    const value = this.raw[field] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new StackConfigError(
        `${this.name(field)} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`,
      );
    }
    return value;
  }

  number(field: string, fallback: number, min: number): number {
    const value = this.raw[field] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      throw new StackConfigError(
        `${this.name(field)} must be a number ≥ ${min}, got ${JSON.stringify(value)}`,
      );
    }
    return value;
  }

  bool(field: string, fallback: boolean): boolean {
    const value = this.raw[field] ?? fallback;
    if (typeof value !== 'boolean') {
      throw new StackConfigError(`${this.name(field)} must be true or false, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  string(field: string, fallback: string, pattern: RegExp, what: string): string {
    const value = this.raw[field] ?? fallback;
    if (typeof value !== 'string' || !pattern.test(value)) {
      throw new StackConfigError(`${this.name(field)} must be ${what}, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  resources(fallback: Resources): Resources {
    const raw = this.raw.resources ?? {};
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new StackConfigError(`${this.name('resources')} must be an object with requests and limits`);
    }
    const r = new Section(raw as Obj, `${this.key}.resources`).only(['requests', 'limits']);
    return {
      requests: r.cpuMemory('requests', fallback.requests),
      limits: r.cpuMemory('limits', fallback.limits),
    };
  }

  private cpuMemory(field: 'requests' | 'limits', fallback: { cpu: string; memory: string }) {
    const raw = this.raw[field] ?? {};
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new StackConfigError(`${this.name(field)} must be an object with cpu and memory`);
    }
    const s = new Section(raw as Obj, `${this.key}.${field}`).only(['cpu', 'memory']);
    return {
      cpu: s.string('cpu', fallback.cpu, quantity, 'a CPU quantity like 250m or 1'),
      memory: s.string('memory', fallback.memory, quantity, 'a memory quantity like 256Mi'),
    };
  }
}

function res(reqCpu: string, reqMem: string, limCpu: string, limMem: string): Resources {
  return { requests: { cpu: reqCpu, memory: reqMem }, limits: { cpu: limCpu, memory: limMem } };
}

function bool(source: ConfigSource, key: string, fallback: boolean): boolean {
  const value = source.get(key);
  if (value === undefined) return fallback;
  if (value !== 'true' && value !== 'false') {
    throw new StackConfigError(`headroom:${key} must be true or false, got ${JSON.stringify(value)}`);
  }
  return value === 'true';
}

const atLeast = (n: number) => (value: string) =>
  value.length < n ? `must be at least ${n} characters` : null;

/**
 * A secret that must be set with `pulumi config set --secret`; from here on it is an Output.
 * `problem` says what is wrong with a value (API keys: what `headroom serve` accepts).
 */
function secret(
  source: ConfigSource,
  key: string,
  problem: (value: string) => string | null,
): pulumi.Output<string> {
  const value = source.getSecret(key);
  if (value === undefined) {
    throw new StackConfigError(
      `headroom:${key} is not set: run \`pulumi config set --secret headroom:${key} <value>\``,
    );
  }
  // The message names the key, never the value.
  const wrong = problem(value);
  if (wrong) throw new StackConfigError(`headroom:${key} ${wrong}`);
  return pulumi.secret(value);
}

const knownKeys = [
  'namespace',
  'createNamespace',
  'image',
  'imagePullPolicy',
  'skipAwait',
  'kubeconfig',
  'context',
  'storageClass',
  'prometheusAdapter',
  'api',
  'workers',
  'redis',
  'postgres',
  'prometheus',
  'grafana',
  'autoscaler',
  'redisPassword',
  'postgresPassword',
  'apiKey',
  'previousApiKey',
  'grafanaAdminPassword',
];

/** Validates the stack config; throws one StackConfigError naming the first bad key. */
export function parseStackConfig(source: ConfigSource, allKeys?: string[]): StackConfig {
  const unknown = allKeys?.find((k) => !knownKeys.includes(k));
  if (unknown)
    throw new StackConfigError(`headroom:${unknown} is not a known key (known: ${knownKeys.join(', ')})`);

  const namespace = source.get('namespace') ?? 'headroom';
  if (!dnsLabel.test(namespace) || namespace.length > 63) {
    throw new StackConfigError(
      `headroom:namespace must be a Kubernetes name (a-z, 0-9, -), got "${namespace}"`,
    );
  }
  const image = source.get('image');
  if (!image) {
    throw new StackConfigError('headroom:image is not set: the processor image built from the Dockerfile');
  }
  if (/\s/.test(image))
    throw new StackConfigError(`headroom:image must be an image reference, got "${image}"`);
  const pullPolicy = source.get('imagePullPolicy') ?? 'IfNotPresent';
  if (!['Always', 'IfNotPresent', 'Never'].includes(pullPolicy)) {
    throw new StackConfigError(
      `headroom:imagePullPolicy must be Always, IfNotPresent or Never, got "${pullPolicy}"`,
    );
  }

  // `headroom serve` refuses this pair: caught here, before the pods roll into a crash loop.
  const previousApiKey = source.getSecret('previousApiKey');
  if (previousApiKey !== undefined && previousApiKey === source.getSecret('apiKey'))
    throw new StackConfigError('headroom:previousApiKey is the same key as headroom:apiKey: remove it');

  const api = Section.of(source, 'api').only([
    'replicas',
    'minAvailable',
    'rateLimitPerMinute',
    'documentRetentionDays',
    'resources',
  ]);
  const apiReplicas = api.int('replicas', 2, 1, 100);
  const apiConfig = {
    replicas: apiReplicas,
    minAvailable: api.int('minAvailable', apiReplicas - 1, 0, apiReplicas),
    rateLimitPerMinute: api.int('rateLimitPerMinute', 1_000_000, 1, 1_000_000_000),
    documentRetentionDays: api.int('documentRetentionDays', 30, 0, 36_500),
    resources: api.resources(res('250m', '256Mi', '1', '512Mi')),
  };

  const w = Section.of(source, 'workers').only([
    'minReplicas',
    'maxReplicas',
    'targetCpuPercent',
    'queueDepthPerPod',
    'concurrency',
    'resources',
  ]);
  const minReplicas = w.int('minReplicas', 1, 1, 1000);
  const maxReplicas = w.int('maxReplicas', 10, 1, 1000);
  if (maxReplicas < minReplicas) {
    throw new StackConfigError(
      `headroom:workers.maxReplicas (${maxReplicas}) must be at least workers.minReplicas (${minReplicas})`,
    );
  }
  const workers = {
    minReplicas,
    maxReplicas,
    targetCpuPercent: w.int('targetCpuPercent', 70, 1, 100),
    queueDepthPerPod: w.int('queueDepthPerPod', 50, 1, 1_000_000),
    concurrency: w.int('concurrency', 64, 1, 1000),
    resources: w.resources(res('250m', '256Mi', '1', '512Mi')),
  };

  const r = Section.of(source, 'redis').only(['image', 'storage', 'maxMemory', 'resources']);
  const p = Section.of(source, 'postgres').only(['image', 'storage', 'resources']);
  const pr = Section.of(source, 'prometheus').only(['image', 'storage', 'retention', 'resources']);
  const g = Section.of(source, 'grafana').only(['enabled', 'image', 'resources']);
  const a = Section.of(source, 'autoscaler').only(['enabled', 'perPodRate', 'interval', 'resources']);
  const imageRef = /^\S+$/;

  return {
    namespace,
    createNamespace: bool(source, 'createNamespace', true),
    image,
    imagePullPolicy: pullPolicy as StackConfig['imagePullPolicy'],
    skipAwait: bool(source, 'skipAwait', false),
    kubeconfig: source.get('kubeconfig'),
    context: source.get('context'),
    storageClass: source.get('storageClass'),
    prometheusAdapter: bool(source, 'prometheusAdapter', false),
    api: apiConfig,
    workers,
    redis: {
      image: r.string('image', 'redis:7.4-bookworm', imageRef, 'an image reference'),
      storage: r.string('storage', '1Gi', quantity, 'a storage size like 1Gi'),
      maxMemory: r.string('maxMemory', '200mb', redisMemory, 'a Redis size like 200mb'),
      resources: r.resources(res('100m', '256Mi', '500m', '256Mi')),
    },
    postgres: {
      image: p.string('image', 'postgres:17-bookworm', imageRef, 'an image reference'),
      storage: p.string('storage', '5Gi', quantity, 'a storage size like 5Gi'),
      resources: p.resources(res('250m', '512Mi', '1', '1Gi')),
    },
    prometheus: {
      image: pr.string('image', 'prom/prometheus:v3.5.0', imageRef, 'an image reference'),
      storage: pr.string('storage', '5Gi', quantity, 'a storage size like 5Gi'),
      retention: pr.string('retention', '15d', duration, 'a Prometheus duration like 15d'),
      resources: pr.resources(res('250m', '512Mi', '1', '1Gi')),
    },
    grafana: {
      enabled: g.bool('enabled', true),
      image: g.string('image', 'grafana/grafana:12.1.0', imageRef, 'an image reference'),
      resources: g.resources(res('100m', '128Mi', '500m', '256Mi')),
    },
    autoscaler: {
      enabled: a.bool('enabled', true),
      perPodRate: a.number('perPodRate', 20, 1e-6),
      interval: a.string('interval', '30s', duration, 'a duration like 30s'),
      resources: a.resources(res('50m', '128Mi', '500m', '256Mi')),
    },
    secrets: {
      redisPassword: secret(source, 'redisPassword', atLeast(16)),
      postgresPassword: secret(source, 'postgresPassword', atLeast(16)),
      apiKey: secret(source, 'apiKey', apiKeyProblem),
      ...(previousApiKey !== undefined
        ? { previousApiKey: secret(source, 'previousApiKey', apiKeyProblem) }
        : {}),
      grafanaAdminPassword: secret(source, 'grafanaAdminPassword', atLeast(12)),
    },
  };
}

/** The stack config of the running program. */
export function loadStackConfig(): StackConfig {
  const all = Object.keys(pulumi.runtime.allConfig())
    .filter((k) => k.startsWith('headroom:'))
    .map((k) => k.slice('headroom:'.length));
  return parseStackConfig(pulumiConfigSource(), all);
}
