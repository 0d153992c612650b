// Stack config validation: every bad value is one StackConfigError that names the key.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import { parseStackConfig, StackConfigError, type ConfigSource } from '../config.ts';
import { renderStack, stackFileConfig } from '../render.ts';

const goodSecrets: Record<string, string> = {
  redisPassword: 'r'.repeat(24),
  postgresPassword: 'p'.repeat(24),
  apiKey: 'k'.repeat(24),
  grafanaAdminPassword: 'g'.repeat(24),
};

/** A config source over plain values, like the stack file after YAML parsing. */
function source(
  values: Record<string, unknown>,
  secrets: Record<string, string> = goodSecrets,
): ConfigSource {
  return {
    get: (key) => {
      const v = values[key];
      return v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
    },
    getObject: (key) => values[key],
    getSecret: (key) => secrets[key],
  };
}

const base = () => stackFileConfig('dev');

function rejects(values: Record<string, unknown>, message: RegExp, secrets?: Record<string, string>) {
  assert.throws(
    () => parseStackConfig(source(values, secrets), Object.keys(values)),
    (err: Error) => {
      assert.ok(err instanceof StackConfigError, `a StackConfigError, got ${err.name}: ${err.message}`);
      assert.match(err.message, message);
      assert.ok(!err.message.includes('\n'), 'one line');
      return true;
    },
  );
}

describe('stack config validation', () => {
  test('the dev and prod stack files are valid', () => {
    for (const stack of ['dev', 'prod']) {
      const cfg = parseStackConfig(source(stackFileConfig(stack)), Object.keys(stackFileConfig(stack)));
      assert.ok(cfg.workers.maxReplicas >= cfg.workers.minReplicas);
    }
  });

  test('defaults fill what a stack leaves out', () => {
    const cfg = parseStackConfig(source({ image: 'registry.example/headroom:1' }));
    assert.equal(cfg.namespace, 'headroom');
    assert.equal(cfg.skipAwait, false);
    assert.equal(cfg.workers.minReplicas, 1);
    assert.equal(cfg.api.documentRetentionDays, 30, 'the PostgreSQL volume is finite');
    assert.deepEqual(cfg.redis.resources.limits, { cpu: '500m', memory: '256Mi' });
  });

  test('bad values name their key', () => {
    const w = base().workers as Record<string, unknown>;
    rejects(
      { ...base(), workers: { ...w, minReplicas: 5, maxReplicas: 2 } },
      /headroom:workers\.maxReplicas \(2\)/,
    );
    rejects(
      { ...base(), workers: { ...w, minReplicas: 0 } },
      /headroom:workers\.minReplicas must be a whole number/,
    );
    rejects({ ...base(), workers: { ...w, minReplicas: 1.5 } }, /headroom:workers\.minReplicas/);
    rejects({ ...base(), api: { documentRetentionDays: -1 } }, /headroom:api\.documentRetentionDays/);
    rejects(
      { ...base(), workers: { ...w, maxReplica: 3 } },
      /headroom:workers\.maxReplica is not a known key/,
    );
    rejects(
      { ...base(), api: { resources: { limits: { cpu: 'lots', memory: '1Gi' } } } },
      /headroom:api\.resources\.limits\.cpu must be a CPU quantity/,
    );
    rejects({ ...base(), redis: { maxMemory: '1Gi' } }, /headroom:redis\.maxMemory must be a Redis size/);
    rejects({ ...base(), prometheus: { retention: 'forever' } }, /headroom:prometheus\.retention/);
    rejects({ ...base(), namespace: 'Headroom_Dev' }, /headroom:namespace must be a Kubernetes name/);
    rejects({ ...base(), skipAwait: 'yes' }, /headroom:skipAwait must be true or false/);
    rejects({ ...base(), imagePullPolicy: 'Sometimes' }, /headroom:imagePullPolicy/);
    rejects({ ...base(), image: undefined }, /headroom:image is not set/);
    rejects({ ...base(), replicas: 3 }, /headroom:replicas is not a known key/);
    rejects({ ...base(), api: [1, 2] }, /headroom:api must be an object/);
    rejects(
      { ...base(), autoscaler: { perPodRate: -1 } },
      /headroom:autoscaler\.perPodRate must be a number/,
    );
  });

  test('a missing secret says how to set it', () => {
    const { apiKey: _omitted, ...rest } = goodSecrets;
    rejects(base(), /headroom:apiKey is not set: run `pulumi config set --secret headroom:apiKey/, rest);
  });

  test('a too-short secret names the key, not the value', () => {
    rejects(base(), /^headroom:apiKey must be printable ASCII without spaces/, {
      ...goodSecrets,
      apiKey: 'an api key with spaces',
    });
    rejects(base(), /^headroom:previousApiKey is the same key as headroom:apiKey: remove it$/, {
      ...goodSecrets,
      previousApiKey: goodSecrets.apiKey,
    });
    rejects(base(), /^headroom:previousApiKey must be at least 12 characters$/, {
      ...goodSecrets,
      previousApiKey: 'short',
    });
    rejects(base(), /^headroom:redisPassword must be at least 16 characters$/, {
      ...goodSecrets,
      redisPassword: 'short-pw',
    });
  });

  test('secrets come out as Pulumi secrets', async () => {
    const cfg = parseStackConfig(source(base()));
    for (const value of Object.values(cfg.secrets)) assert.equal(await pulumi.isSecret(value), true);
  });

  test('the program refuses bad config before creating anything', async () => {
    await assert.rejects(
      renderStack('dev', {
        secrets: goodSecrets,
        overrides: { workers: { minReplicas: 3, maxReplicas: 1 } },
      }),
      /headroom:workers\.maxReplicas \(1\) must be at least workers\.minReplicas \(3\)/,
    );
  });
});
