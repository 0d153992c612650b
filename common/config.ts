import { InputError } from './errors.ts';

/**
 * Environment configuration with validated defaults: a bad value is one clear line naming
 * the variable, never a silent fallback.
 */
type Env = Record<string, string | undefined>;

function raw(name: string, env: Env): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function envString(name: string, fallback: string, env: Env = process.env): string {
  return raw(name, env) ?? fallback;
}

export function envInt(
  name: string,
  fallback: number,
  { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = {},
  env: Env = process.env,
): number {
  const value = raw(name, env);
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) throw new InputError(`${name} must be an integer, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new InputError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function envNumber(
  name: string,
  fallback: number,
  { min = -Infinity, max = Infinity } = {},
  env: Env = process.env,
): number {
  const value = raw(name, env);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InputError(`${name} must be a number, got "${value}"`);
  if (n < min || n > max) throw new InputError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function envBool(name: string, fallback: boolean, env: Env = process.env): boolean {
  const value = raw(name, env);
  if (value === undefined) return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new InputError(`${name} must be true or false, got "${value}"`);
}

export function envUrl(name: string, fallback: string, protocols: string[], env: Env = process.env): string {
  const value = raw(name, env) ?? fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`${name} must be a URL, got "${value}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new InputError(`${name} must use ${protocols.join(' or ')}, got "${url.protocol}"`);
  }
  return value;
}
