import type { Series } from './forecaster.ts';

export const hourMs = 3_600_000;
export const dayMs = 24 * hourMs;
export const weekMs = 7 * dayMs;

/**
 * How many steps make one calendar period (a day, a week), or undefined when the step does
 * not divide it. Everything works on regular UTC steps: a daylight-saving change moves
 * local-time traffic by an hour against the UTC day, which the level/seasonal updates and
 * the empirical intervals absorb; we do not model local time.
 */
export function stepsPer(series: Pick<Series, 'stepMs'>, periodMs: number): number | undefined {
  return periodMs % series.stepMs === 0 && periodMs > series.stepMs ? periodMs / series.stepMs : undefined;
}

export function describeSteps(steps: number, stepMs: number): string {
  const ms = steps * stepMs;
  if (ms % weekMs === 0) return `${ms / weekMs} week(s)`;
  if (ms % dayMs === 0) return `${ms / dayMs} day(s)`;
  if (ms % hourMs === 0) return `${ms / hourMs} hour(s)`;
  return `${steps} steps`;
}
