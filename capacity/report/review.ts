import type { CapacitySearchSummary } from '../../common/capacity-search.ts';
import type { Slo } from '../../common/slo.ts';

/**
 * What `headroom review` found, as written to review.json. The HTML report and summary.md
 * are rendered from this document alone, so a review can be re-rendered or compared later.
 */
export const reviewKind = 'headroom.review/v1';

export interface SloCheck {
  objective: string;
  /** The objective's limit and the measured value, in `unit` (ms, s, ratio). */
  threshold: number;
  measured: number | null;
  unit: string;
  passed: boolean;
}

export interface ReviewDocument {
  kind: typeof reviewKind;
  startedAt: string;
  finishedAt: string;
  /** The processor that was reviewed, and whether the review started it. */
  target: { url: string; startedByReview: boolean; workers: number; workerConcurrency: number | null };
  slo: Slo;
  capacitySearch: CapacitySearchSummary;
  sloRun: {
    suite: string;
    rate: number;
    durationSeconds: number;
    passed: boolean;
    checks: SloCheck[];
  };
  capacity: {
    /** Sustainable documents/s one worker pod takes while every SLO holds. */
    perPodRate: number;
    usl: {
      sigma: number;
      kappa: number;
      lambda: number;
      r2: number;
      peakConcurrency: number | null;
      /** Null when throughput still scales linearly over the measured range. */
      peakThroughput: number | null;
    } | null;
    /** Why there is no USL fit, when there is none. */
    uslNote: string | null;
  };
  forecast: {
    source: 'prometheus' | 'sample-trace';
    /** In words: which query or file, and why that one. */
    sourceDetail: string;
    model: string;
    stepSeconds: number;
    quantile: string;
    history: Array<{ timestamp: number; value: number | null }>;
    points: Array<{ timestamp: number; quantiles: Record<string, number> }>;
    peak: { timestamp: number; value: number };
    accuracy: Record<string, number | null>;
    notes: string[];
  };
  plan: {
    quantile: string;
    podStartupSeconds: number;
    headroom: number;
    hours: Array<{ timestamp: number; demand: number; replicas: number }>;
    peakReplicas: number;
    podHours: number;
    currentReplicas: number;
    /** Spare capacity at the forecast peak with the current replicas, percent (negative = short). */
    headroomPercent: number;
    /** ISO date capacity of the current replicas runs out at the current trend, or null. */
    runOutDate: string | null;
    runOutNote: string;
  };
  notes: string[];
}
