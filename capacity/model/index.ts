/** The capacity model: USL fit, Erlang C sizing, per-pod capacity and the capacity plan. */
export { fitUsl, uslThroughput, type UslFit, type UslParams, type UslPoint } from './usl.ts';
export {
  erlangB,
  erlangC,
  littlesLaw,
  meanWait,
  probabilityWaitExceeds,
  ReplicasAboveMaximum,
  replicasForQueueWait,
  replicasNeeded,
  utilisation,
  waitPercentile,
  type MmcInput,
  type QueueWaitPlan,
  type QueueWaitSizing,
} from './erlang-c.ts';
export { perPodCapacity, type PodCapacity } from './capacity.ts';
export {
  capacityOfReplicas,
  planCapacity,
  type CapacityPlan,
  type PlanCapacityInput,
  type PlanHour,
} from './plan.ts';
export { loadCapacitySearch, parseCapacitySearch, readJsonFile } from './summary.ts';
export { loadForecastFile, parseDurationSeconds, parseForecastJson } from './forecast-file.ts';
export { planChart, uslChart } from './charts.ts';
export { formatCapacity, formatPlan } from './format.ts';
