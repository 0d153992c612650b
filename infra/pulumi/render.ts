// Runs the program under Pulumi's mocks (no engine, no cluster) and collects what it would send
// to the Kubernetes provider: the tests check these objects and the dry-run test applies them
// to a real API server. `pulumi preview` would need the CLI; the mocks need nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import { loadStackConfig, type StackConfig } from './config.ts';
import { buildStack, type RenderedInputs } from './stack.ts';

export const programDir = join(import.meta.dirname, '.');

/** One registered resource: its Pulumi type, name and inputs as the engine receives them. */
export interface RegisteredResource {
  type: string;
  name: string;
  /** Secret values are still wrapped (see isSecretValue): this is what would reach the state. */
  inputs: Record<string, unknown>;
}

export interface Rendered {
  resources: RegisteredResource[];
  /** Kubernetes objects (secrets unwrapped), ready for an API server. */
  manifests: KubeObject[];
  config: StackConfig;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}

export interface RenderOptions {
  /** Config values over the stack file's (`namespace`, `api`, ...; objects as objects). */
  overrides?: Record<string, unknown>;
  /** Secret config values (`apiKey`, ...): they go in as Pulumi secrets. */
  secrets?: Record<string, string>;
  rendered?: RenderedInputs;
}

/** The `headroom:*` values of infra/pulumi/Pulumi.<stack>.yaml, without the prefix. */
export function stackFileConfig(stack: string): Record<string, unknown> {
  const doc = parse(readFileSync(join(programDir, `Pulumi.${stack}.yaml`), 'utf8')) as {
    config?: Record<string, unknown>;
  };
  return Object.fromEntries(
    Object.entries(doc.config ?? {}).map(([k, v]) => [k.replace(/^headroom:/, ''), v]),
  );
}

const sigKey = pulumi.runtime.specialSigKey;
const secretSig = pulumi.runtime.specialSecretSig;

export function isSecretValue(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && (value as Record<string, unknown>)[sigKey] === secretSig
  );
}

/** Replaces every secret wrapper by its value. */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value !== 'object' || value === null) return value;
  if (isSecretValue(value)) return unwrapSecrets((value as { value: unknown }).value);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
}

// waitForRPCs is exported at run time but not in the typings: it is how the SDK itself waits
// for outstanding registrations, and there is no public equivalent for mocks.
const runtime = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };

/**
 * Runs the program for stack `stack` (its Pulumi.<stack>.yaml plus overrides) under mocks and
 * returns every registered resource and the Kubernetes objects. Not re-entrant: mocks and
 * config are process-global, so call it sequentially.
 */
export async function renderStack(stack: string, options: RenderOptions = {}): Promise<Rendered> {
  const values = { ...stackFileConfig(stack), ...options.overrides, ...options.secrets };
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    flat[`headroom:${k}`] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  pulumi.runtime.setAllConfig(
    flat,
    Object.keys(options.secrets ?? {}).map((k) => `headroom:${k}`),
  );

  const resources: RegisteredResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    'headroom',
    stack,
    false,
  );
  const config = loadStackConfig();
  buildStack(config, options.rendered);
  if (!runtime.waitForRPCs) throw new Error('@pulumi/pulumi no longer exports runtime.waitForRPCs');
  await runtime.waitForRPCs();

  const manifests = resources
    .filter((r) => r.type.startsWith('kubernetes:') && !r.type.startsWith('kubernetes:index'))
    .map((r) => unwrapSecrets(r.inputs) as KubeObject);
  return { resources, manifests, config };
}

/** The Kubernetes objects stack `stack` would create (secrets in clear: for an API server only). */
export async function renderManifests(stack: string, options: RenderOptions = {}): Promise<KubeObject[]> {
  return (await renderStack(stack, options)).manifests;
}
