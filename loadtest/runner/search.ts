/**
 * The rate search itself, apart from k6: step up from `start` by `step` until a rate
 * fails (or `max`), then bisect between the last pass and the first fail down to
 * `resolution`. `fits()` is asked before every probe (the time budget).
 */
export interface SearchPlan {
  start: number;
  step: number;
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
  for (let rate = plan.start; rate <= plan.max + 1e-9 && plan.fits(); rate = round(rate + plan.step)) {
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

/** Rates keep two decimals: k6 gets them exactly (loadtest/lib/options.ts `arrival`). */
export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
