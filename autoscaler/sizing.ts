import type { QueueSizer } from './planner.ts';

/**
 * Replicas for a queue-wait SLO. Until capacity/model's replicasForQueueWait is wired in, this
 * sizes a fluid queue: enough pods to take the arrival rate, no more (the queue only grows
 * when arrivals exceed capacity).
 */
export const queueSizer: QueueSizer = ({ arrivalRate, serviceRatePerPod }) =>
  Math.max(0, Math.ceil(arrivalRate / serviceRatePerPod - 1e-9));
