/**
 * A small Nelder-Mead minimiser. Written by hand because no maintained JavaScript optimiser
 * is in the dependency set and the need is tiny: 1-4 smoothing parameters, a smooth
 * objective, a few hundred evaluations. Bounds are handled by the caller (logistic map).
 */
export interface Minimum {
  x: number[];
  value: number;
  evaluations: number;
}

export function nelderMead(
  f: (x: number[]) => number,
  start: number[],
  { step = 1, maxEvaluations = 250, tolerance = 1e-7 } = {},
): Minimum {
  const dim = start.length;
  let evaluations = 0;
  const evaluate = (x: number[]) => {
    evaluations++;
    const value = f(x);
    return Number.isFinite(value) ? value : Number.MAX_VALUE;
  };
  const simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + step : v)))].map((x) => ({
    x,
    value: evaluate(x),
  }));
  const combine = (a: number[], b: number[], t: number) => a.map((v, i) => v + t * (b[i] - v));

  while (evaluations < maxEvaluations) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0];
    const worst = simplex[dim];
    if (Math.abs(worst.value - best.value) <= tolerance * (Math.abs(best.value) + 1e-12)) break;
    const centroid = start.map((_, i) => simplex.slice(0, dim).reduce((sum, p) => sum + p.x[i], 0) / dim);
    const reflected = combine(centroid, worst.x, -1);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < best.value) {
      const expanded = combine(centroid, worst.x, -2);
      const expandedValue = evaluate(expanded);
      simplex[dim] =
        expandedValue < reflectedValue
          ? { x: expanded, value: expandedValue }
          : { x: reflected, value: reflectedValue };
    } else if (reflectedValue < simplex[dim - 1].value) {
      simplex[dim] = { x: reflected, value: reflectedValue };
    } else {
      const outside = reflectedValue < worst.value;
      const contracted = combine(centroid, outside ? reflected : worst.x, 0.5);
      const contractedValue = evaluate(contracted);
      if (contractedValue < Math.min(worst.value, reflectedValue)) {
        simplex[dim] = { x: contracted, value: contractedValue };
      } else {
        for (let i = 1; i <= dim; i++) {
          const x = combine(best.x, simplex[i].x, 0.5);
          simplex[i] = { x, value: evaluate(x) };
        }
      }
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return { x: simplex[0].x, value: simplex[0].value, evaluations };
}

/** Maps the real line onto (low, high), so the minimiser can search without bounds. */
export function bounded(low: number, high: number) {
  return {
    toInner: (value: number) => Math.log((value - low) / (high - value)),
    toOuter: (inner: number) => low + (high - low) / (1 + Math.exp(-inner)),
  };
}
