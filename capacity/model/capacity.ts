/** Per-pod capacity from a load-test capacity search: the number the planner divides by. */
import type { CapacitySearchSummary } from '../../common/capacity-search.ts';
import { InputError } from '../../common/errors.ts';
import { fitUsl, type UslFit } from './usl.ts';

export interface PodCapacity {
  target: string;
  /** Worker replicas behind the target during the search (1 when the summary does not say). */
  replicas: number;
  /** Worker concurrency per replica (1 when unknown). */
  workerConcurrency: number;
  /** What the whole target sustained within the SLOs, jobs/s. */
  serviceRate: number;
  /** `serviceRate / replicas`: the per-pod service rate μ used for sizing. */
  perPodServiceRate: number;
  /** Who set the limit: the ingest API (SLO broke first) or the workers (fell behind first). */
  bottleneck: 'ingest' | 'workers';
  maxPassingRate: number;
  firstFailingRate: number | null;
  /** Highest end-to-end processed rate seen in any step, when the summary measured it. */
  maxProcessedRate: number | null;
  /** USL over the steps (whole target); null with a note when it cannot be fitted. */
  usl: UslFit | null;
  /** USL peak and knee throughput divided by the replicas. */
  perPodPeakThroughput: number | null;
  perPodKneeThroughput: number | null;
  notes: string[];
}

// Workers "keep up" while they process at least this share of what was accepted.
const KEEP_UP = 0.95;
// Past this share of the machine's cores, k6 took enough CPU from a target on the same
// machine that the capacity it measured says as much about k6 as about the target.
const GENERATOR_SHARE_NOTED = 0.2;

export function perPodCapacity(summary: CapacitySearchSummary): PodCapacity {
  const replicas = summary.workers?.replicas ?? 1;
  const workerConcurrency = summary.workers?.concurrency ?? 1;
  const notes: string[] = [];
  if (!summary.workers)
    notes.push('the summary does not say how many workers ran: assumed 1 replica, concurrency 1');
  const passing = summary.steps.filter((s) => s.passed);
  if (passing.length === 0 || summary.maxPassingRate <= 0) {
    const lowest = Math.min(...summary.steps.map((s) => s.targetRate));
    throw new InputError(
      `no load-test step met the SLOs: capacity is below the lowest rate tried (${lowest}/s); rerun the search from a lower rate`,
    );
  }
  const processed = summary.steps.filter((s) => s.processedRate !== undefined);
  const maxProcessedRate =
    processed.length > 0 ? Math.max(...processed.map((s) => s.processedRate as number)) : null;
  // The workers are the bottleneck when, at a passing step, they processed clearly less than was
  // accepted: the queue grew, so the ingest rate alone would overstate what a pod sustains.
  const behind = passing.some(
    (s) => s.processedRate !== undefined && s.processedRate < KEEP_UP * s.throughput,
  );
  let serviceRate = summary.maxPassingRate;
  let bottleneck: PodCapacity['bottleneck'] = 'ingest';
  if (behind && maxProcessedRate !== null && maxProcessedRate < serviceRate) {
    serviceRate = maxProcessedRate;
    bottleneck = 'workers';
    notes.push(`workers fell behind ingest: sized on the processed rate ${round(maxProcessedRate)}/s`);
  }
  if (maxProcessedRate === null)
    notes.push('no processed rate in the summary: the workers were assumed to keep up');
  if (summary.firstFailingRate === null) {
    notes.push('the search never reached a failing rate: the real capacity may be higher');
  }
  const atMax = passing.find((s) => s.targetRate === summary.maxPassingRate);
  const generatorCores = atMax?.loadGeneratorCores;
  const machineCores = summary.machineCores;
  if (
    generatorCores !== undefined &&
    machineCores &&
    generatorCores >= GENERATOR_SHARE_NOTED * machineCores
  ) {
    notes.push(
      `k6 itself used ${round(generatorCores)} of its machine's ${machineCores} cores at ` +
        `${summary.maxPassingRate}/s: a target on the same machine had only the rest, so on a node of its own a pod takes more`,
    );
  }

  let usl: UslFit | null = null;
  try {
    const points = summary.steps
      .filter((s) => s.concurrency > 0)
      .map((s) => ({ concurrency: s.concurrency, throughput: s.throughput }));
    usl = fitUsl(points);
    if (usl.r2 < 0.8) notes.push(`the USL fits poorly (R² ${round(usl.r2)}): read peak and knee with care`);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    notes.push(`no USL fit: ${error.message.replace(/^USL fit: /, '')}`);
  }
  return {
    target: summary.target,
    replicas,
    workerConcurrency,
    serviceRate,
    perPodServiceRate: serviceRate / replicas,
    bottleneck,
    maxPassingRate: summary.maxPassingRate,
    firstFailingRate: summary.firstFailingRate,
    maxProcessedRate,
    usl,
    perPodPeakThroughput: usl?.peakThroughput != null ? usl.peakThroughput / replicas : null,
    perPodKneeThroughput: usl?.kneeThroughput != null ? usl.kneeThroughput / replicas : null,
    notes,
  };
}

function round(v: number): number {
  return Number(v.toPrecision(3));
}
