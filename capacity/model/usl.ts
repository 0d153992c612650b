/**
 * The Universal Scalability Law (Gunther): X(N) = λN / (1 + σ(N−1) + κN(N−1)).
 * λ is the throughput of one unit of concurrency, σ the contention (serialised share),
 * κ the coherency cost (crosstalk) that makes throughput fall past a peak.
 *
 * Fitted by hand (no maintained JS non-linear least-squares library fits three bounded
 * parameters without pulling a numerics stack): a linearised start (N/X is quadratic in N)
 * then Levenberg-Marquardt with Marquardt's diagonal scaling, keeping σ in [0, 1) and κ ≥ 0.
 */
import { InputError } from '../../common/errors.ts';

export interface UslPoint {
  concurrency: number;
  throughput: number;
}

export interface UslFit {
  lambda: number;
  sigma: number;
  kappa: number;
  /** Goodness of fit on throughput (1 − SSE/SST). */
  r2: number;
  /** Root mean square error of the fitted throughput, same unit as throughput. */
  rmse: number;
  points: number;
  /** Concurrency where throughput peaks, √((1−σ)/κ); null when κ = 0 (no retrograde region). */
  peakConcurrency: number | null;
  /** X(N*) when κ > 0; λ/σ (the asymptote) when κ = 0 and σ > 0; null when it scales linearly. */
  peakThroughput: number | null;
  /**
   * Where scaling stops paying: the concurrency at which ideal linear scaling λN meets the
   * contention ceiling λ/σ (N = 1/σ), or the peak if that comes first. Null for linear scaling.
   */
  kneeConcurrency: number | null;
  kneeThroughput: number | null;
}

export interface UslParams {
  lambda: number;
  sigma: number;
  kappa: number;
}

export function uslThroughput(n: number, p: UslParams): number {
  return (p.lambda * n) / (1 + p.sigma * (n - 1) + p.kappa * n * (n - 1));
}

const SIGMA_MAX = 0.999;

function sse(points: UslPoint[], p: UslParams): number {
  let total = 0;
  for (const { concurrency: n, throughput: x } of points) {
    const d = 1 + p.sigma * (n - 1) + p.kappa * n * (n - 1);
    if (!(d > 0)) return Infinity;
    const r = x - (p.lambda * n) / d;
    total += r * r;
  }
  return total;
}

/** Solves the 3x3 system A x = b by Gaussian elimination with partial pivoting; null if singular. */
function solve3(a: number[][], b: number[]): number[] | null {
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < 3; col++) {
    let pivot = col;
    for (let r = col + 1; r < 3; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (Math.abs(m[pivot][col]) < 1e-300) return null;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = col + 1; r < 3; r++) {
      const f = m[r][col] / m[col][col];
      for (let c = col; c < 4; c++) m[r][c] -= f * m[col][c];
    }
  }
  const x = [0, 0, 0];
  for (let r = 2; r >= 0; r--) {
    let s = m[r][3];
    for (let c = r + 1; c < 3; c++) s -= m[r][c] * x[c];
    x[r] = s / m[r][r];
  }
  return x.every(Number.isFinite) ? x : null;
}

function clampParams(p: UslParams): UslParams {
  return {
    lambda: Math.max(p.lambda, 1e-12),
    sigma: Math.min(Math.max(p.sigma, 0), SIGMA_MAX),
    kappa: Math.max(p.kappa, 0),
  };
}

/**
 * Linearised start: N/X = a + b(N−1) + cN(N−1) with a = 1/λ, b = σ/λ, c = κ/λ, solved by
 * ordinary least squares; falls back to λ from the lowest-concurrency point.
 */
function initialGuess(points: UslPoint[]): UslParams {
  const usable = points.filter((p) => p.throughput > 0);
  const ata = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const aty = [0, 0, 0];
  for (const { concurrency: n, throughput: x } of usable) {
    const row = [1, n - 1, n * (n - 1)];
    const y = n / x;
    for (let i = 0; i < 3; i++) {
      aty[i] += row[i] * y;
      for (let j = 0; j < 3; j++) ata[i][j] += row[i] * row[j];
    }
  }
  const lowest = [...usable].sort((p, q) => p.concurrency - q.concurrency)[0];
  const fallback = lowest ? lowest.throughput / lowest.concurrency : 1;
  const abc = solve3(ata, aty);
  if (!abc || !(abc[0] > 0)) return { lambda: fallback, sigma: 0.01, kappa: 0 };
  const lambda = 1 / abc[0];
  return clampParams({ lambda, sigma: abc[1] * lambda, kappa: abc[2] * lambda });
}

function levenbergMarquardt(points: UslPoint[], start: UslParams): UslParams {
  let p = start;
  let cost = sse(points, p);
  let mu = 1e-3;
  for (let iteration = 0; iteration < 500; iteration++) {
    const jtj = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    const jtr = [0, 0, 0];
    for (const { concurrency: n, throughput: x } of points) {
      const d = 1 + p.sigma * (n - 1) + p.kappa * n * (n - 1);
      const f = (p.lambda * n) / d;
      const j = [n / d, (-p.lambda * n * (n - 1)) / (d * d), (-p.lambda * n * n * (n - 1)) / (d * d)];
      const r = x - f;
      for (let a = 0; a < 3; a++) {
        jtr[a] += j[a] * r;
        for (let b = 0; b < 3; b++) jtj[a][b] += j[a] * j[b];
      }
    }
    let improved = false;
    while (mu < 1e12) {
      const damped = jtj.map((row, a) => row.map((v, b) => (a === b ? v + mu * (v || 1e-12) : v)));
      const step = solve3(damped, jtr);
      if (step) {
        const next = clampParams({
          lambda: p.lambda + step[0],
          sigma: p.sigma + step[1],
          kappa: p.kappa + step[2],
        });
        const nextCost = sse(points, next);
        if (nextCost < cost) {
          const gain = (cost - nextCost) / Math.max(cost, 1e-300);
          p = next;
          cost = nextCost;
          mu = Math.max(mu / 10, 1e-12);
          improved = true;
          if (gain < 1e-12) return p;
          break;
        }
      }
      mu *= 10;
    }
    if (!improved) return p;
  }
  return p;
}

/** Fits the USL to (concurrency, throughput) points; needs three distinct concurrencies. */
export function fitUsl(input: UslPoint[]): UslFit {
  if (!Array.isArray(input)) throw new InputError('USL fit: points must be an array');
  for (const [i, p] of input.entries()) {
    if (!Number.isFinite(p?.concurrency) || p.concurrency <= 0) {
      throw new InputError(
        `USL fit: point ${i} has concurrency ${p?.concurrency}; it must be a positive number`,
      );
    }
    if (!Number.isFinite(p.throughput) || p.throughput < 0) {
      throw new InputError(`USL fit: point ${i} has throughput ${p.throughput}; it must be zero or more`);
    }
  }
  const distinct = new Set(input.map((p) => p.concurrency)).size;
  if (distinct < 3) {
    throw new InputError(
      `USL fit: needs at least 3 distinct concurrency levels, got ${distinct} (run more load-test steps)`,
    );
  }
  if (input.every((p) => p.throughput === 0)) {
    throw new InputError('USL fit: throughput is zero at every concurrency level (nothing completed)');
  }
  const points = input.map((p) => ({ concurrency: p.concurrency, throughput: p.throughput }));
  // Several starts: the linearised guess can sit in a flat valley when κ ≈ 0.
  const starts = [initialGuess(points)];
  starts.push({ ...starts[0], kappa: 0 }, { ...starts[0], sigma: 0.05, kappa: 1e-4 });
  let best = starts[0];
  let bestCost = Infinity;
  for (const start of starts) {
    const fitted = levenbergMarquardt(points, start);
    const cost = sse(points, fitted);
    if (cost < bestCost) {
      best = fitted;
      bestCost = cost;
    }
  }
  const mean = points.reduce((s, p) => s + p.throughput, 0) / points.length;
  const sst = points.reduce((s, p) => s + (p.throughput - mean) ** 2, 0);
  const rmse = Math.sqrt(bestCost / points.length);
  // R² is undefined for a flat series: call it perfect when the curve matches it to 0.1 %.
  const flat = sst <= 1e-12 * mean * mean * points.length;
  const r2 = flat ? (rmse <= 1e-3 * mean ? 1 : 0) : 1 - bestCost / sst;
  const nMax = Math.max(...points.map((p) => p.concurrency));
  return { ...best, r2, rmse, points: points.length, ...peakAndKnee(best, nMax) };
}

function peakAndKnee(
  p: UslParams,
  nMax: number,
): Pick<UslFit, 'peakConcurrency' | 'peakThroughput' | 'kneeConcurrency' | 'kneeThroughput'> {
  // A term that adds less than 0.01 % to the denominator even at the highest measured
  // concurrency is fitting noise, not a property of the system: it gets no peak or knee.
  const negligible = 1e-4 * (1 + p.sigma * Math.max(0, nMax - 1));
  const kappa = p.kappa * nMax * Math.max(0, nMax - 1) > negligible ? p.kappa : 0;
  const sigma = p.sigma * Math.max(0, nMax - 1) > 1e-4 ? p.sigma : 0;
  const peakConcurrency = kappa > 0 ? Math.sqrt((1 - sigma) / kappa) : null;
  const peakThroughput =
    peakConcurrency !== null ? uslThroughput(peakConcurrency, p) : sigma > 0 ? p.lambda / sigma : null;
  let kneeConcurrency = sigma > 0 ? 1 / sigma : null;
  if (peakConcurrency !== null && (kneeConcurrency === null || peakConcurrency < kneeConcurrency)) {
    kneeConcurrency = peakConcurrency;
  }
  return {
    peakConcurrency,
    peakThroughput,
    kneeConcurrency,
    kneeThroughput: kneeConcurrency !== null ? uslThroughput(kneeConcurrency, p) : null,
  };
}
