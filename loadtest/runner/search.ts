/**
 * The rate search itself, apart from k6: step up from `start` until a rate fails (or
 * `max`), then bisect between the last pass and the first fail down to `resolution`.
 * `fits()` is asked before every probe (the time budget).
 */
/** Added to the rate after each pass, or 'double'. */
export type SearchStep = number | 'double';

export interface SearchPlan {
  start: number;
  /**
   * Added to the rate after each pass, or 'double': doubling finds the limit of a service
   * whose capacity is unknown in a number of steps that grows with its logarithm, where fixed
   * steps sized for a small service would spend the whole budget climbing towards a big one.
   */
  step: SearchStep;
  max: number;
  resolution: number;
  fits: () => boolean;
}

export interface SearchOutcome {
  maxPassingRate: number;
  firstFailingRate: number | null;
}

export async function searchRates(
  plan: SearchPlan,
  probe: (rate: number, phase: 'step' | 'bisect') => Promise<boolean>,
): Promise<SearchOutcome> {
  let lastPass = 0;
  let firstFail: number | null = null;
  for (let rate = plan.start; rate <= plan.max + 1e-9 && plan.fits(); rate = nextRate(rate, plan)) {
    if (!(await probe(rate, 'step'))) {
      firstFail = rate;
      break;
    }
    lastPass = rate;
  }
  while (firstFail !== null && firstFail - lastPass > plan.resolution + 1e-9 && plan.fits()) {
    const rate = round((lastPass + firstFail) / 2);
    if (rate <= lastPass || rate >= firstFail) break;
    if (await probe(rate, 'bisect')) lastPass = rate;
    else firstFail = rate;
  }
  return { maxPassingRate: lastPass, firstFailingRate: firstFail };
}

/** The next step's rate; a step that would jump past `max` tries `max` itself instead. */
function nextRate(rate: number, plan: SearchPlan): number {
  const next = plan.step === 'double' ? rate * 2 : rate + plan.step;
  return round(rate < plan.max && next > plan.max ? plan.max : next);
}

/** Rates keep two decimals: k6 gets them exactly (loadtest/lib/options.ts `arrival`). */
export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
