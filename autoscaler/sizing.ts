import { ReplicasAboveMaximum, replicasForQueueWait } from '../capacity/model/index.ts';
import type { QueueSizer } from './planner.ts';

/**
 * Replicas for a queue-wait SLO: the M/M/c (Erlang C) sizing of the capacity model, the
 * smallest replica count whose wait at the SLO percentile is within the objective. The walk
 * stops past the HPA's maxReplicas: more cannot run, and a need of millions (a tiny per-pod
 * rate) made every decision walk 100,000 replicas and then fail static instead of scaling to max.
 */
export const queueSizer: QueueSizer = ({
  arrivalRate,
  serviceRatePerPod,
  sloSeconds,
  percentile,
  maxReplicas,
}) => {
  try {
    return replicasForQueueWait({
      arrivalRate,
      serviceRatePerPod,
      sloSeconds,
      percentile,
      minReplicas: 0,
      maxReplicas,
    }).replicas;
  } catch (error) {
    if (error instanceof ReplicasAboveMaximum) return maxReplicas + 1;
    throw error;
  }
};
