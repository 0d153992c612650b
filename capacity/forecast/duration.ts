import { InputError } from '../../common/errors.ts';

const units: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Parses a Prometheus-style duration (`30s`, `5m`, `2h`, `14d`, `1w`, `1h30m`) to ms. */
export function parseDuration(text: string, what: string): number {
  const trimmed = text.trim();
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    throw new InputError(`${what} "${text}" is not a duration (like 30s, 5m, 2h, 14d)`);
  }
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]], 0);
  if (!(ms > 0)) throw new InputError(`${what} "${text}" must be longer than zero`);
  return ms;
}

/** Past this a forecast's arrays no longer fit in memory (1e11 steps ended in a heap-out-of-memory crash). */
const maxHorizonSteps = 100_000;

/** A horizon in steps (`12`) or as a duration (`1h`, `2d`), rounded up to whole steps. */
export function parseHorizon(text: string, stepMs: number): number {
  const trimmed = text.trim();
  const steps = /^\d+$/.test(trimmed)
    ? Number(trimmed)
    : Math.ceil(parseDuration(trimmed, 'horizon') / stepMs);
  if (steps < 1) throw new InputError(`horizon "${text}" must be at least 1 step`);
  if (steps > maxHorizonSteps)
    throw new InputError(`horizon "${text}" is ${steps} steps, at most ${maxHorizonSteps} are forecast`);
  return steps;
}

/** `0.5,0.9` → [0.5, 0.9]: sorted, unique, each strictly between 0 and 1. */
export function parseQuantiles(text: string): number[] {
  const list = text.split(',').map((s) => s.trim());
  const quantiles = list.map(Number);
  quantiles.forEach((q, i) => {
    if (list[i] === '' || !(q > 0 && q < 1))
      throw new InputError(`--quantiles: "${list[i]}" is not between 0 and 1`);
  });
  return [...new Set(quantiles)].sort((a, b) => a - b);
}
