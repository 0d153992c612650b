import { replicasForQueueWait } from '../capacity/model/index.ts';
import type { QueueSizer } from './planner.ts';

/**
 * Replicas for a queue-wait SLO: the M/M/c (Erlang C) sizing of the capacity model, the
 * smallest replica count whose wait at the SLO percentile is within the objective.
 */
export const queueSizer: QueueSizer = ({ arrivalRate, serviceRatePerPod, sloSeconds, percentile }) =>
  replicasForQueueWait({ arrivalRate, serviceRatePerPod, sloSeconds, percentile, minReplicas: 0 }).replicas;
