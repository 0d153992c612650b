/**
 * The load-testing API (`headroom loadtest` and `headroom review` call these):
 *   runSuite(opts)                 one k6 suite against a loopback target, SLO rows + pass/fail;
 *   capacitySearch(opts, onStep?)  the highest arrival rate that meets every SLO.
 */
export { runSuite, resolveSuite } from './runner/run-suite.ts';
export type { SuiteOptions, SuiteResult } from './runner/run-suite.ts';
export { capacitySearch } from './runner/capacity.ts';
export type { CapacityOptions, CapacityProgress } from './runner/capacity.ts';
export type { SearchStep } from './runner/search.ts';
export type { SloRow, SuiteStats } from './runner/results.ts';
export { formatMeasured, formatObjective } from './runner/results.ts';
export { table } from './runner/table.ts';
export { k6Thresholds, sloObjectives } from './thresholds.ts';
export { suiteDefaults, suiteNames } from './suites.ts';
export { capacityChartData } from './chart.ts';
export { k6Path, k6Version } from './k6-binary.ts';
export { capacityReport, generatorLoad, suiteReport } from './report.ts';
