import { availableParallelism } from 'node:os';
import type { CapacitySearchStep, CapacitySearchSummary } from '../common/capacity-search.ts';
import { formatMeasured, formatObjective, noneProcessed } from './runner/results.ts';
import type { SuiteResult } from './runner/run-suite.ts';
import { table } from './runner/table.ts';

/** The end-of-run text for people: the SLO table, then what else the run saw. */
export function suiteReport(r: SuiteResult): string {
  const s = r.stats;
  const slos = table(
    ['SLO', 'objective', 'measured', 'result'],
    r.slos.map((row) => [row.name, formatObjective(row), formatMeasured(row), row.passed ? 'pass' : 'FAIL']),
  );
  const facts = table(
    ['run', 'value'],
    [
      [
        'suite',
        `${r.suite} at ${r.rate}/s for ${r.durationSeconds}s` +
          (r.warmupSeconds > 0 ? ` after ${r.warmupSeconds}s unmeasured warm-up` : '') +
          ` (seed ${r.seed})`,
      ],
      ['valid ingests', `${s.validRequests} (${s.throughput.toFixed(1)}/s succeeded)`],
      ['ingest latency p50 / mean', `${s.latencyMs.p50.toFixed(1)} / ${s.latencyMs.mean.toFixed(1)} ms`],
      ['dropped iterations', String(s.droppedIterations)],
      ['duplicates (200)', String(s.duplicates)],
      ['invalid on purpose', `${s.invalidRejected} rejected as expected, ${s.invalidUnexpected} unexpected`],
      ['followed to processed', `${s.e2eSamples} (${s.e2eTimeouts} timed out, ${s.documentsFailed} failed)`],
      ...(r.loadGeneratorCores === null
        ? []
        : [
            [
              'k6 CPU',
              `${r.loadGeneratorCores.toFixed(2)} of this machine's ${availableParallelism()} cores`,
            ],
          ]),
    ],
  );
  const verdict = r.passed ? 'every SLO held' : `SLO failed: ${r.failures.join('; ')}`;
  const hint = noneProcessed(s)
    ? `\nnone of the ${s.e2eSamples} documents followed was processed: is a worker (headroom work) taking jobs from ${r.target}'s queue?\n`
    : '';
  return `${slos}\n\n${facts}\n\n${verdict}\n${hint}`;
}

export function capacityReport(c: CapacitySearchSummary): string {
  const rows = c.steps.map((s) => [
    String(s.targetRate),
    s.throughput.toFixed(1),
    s.processedRate === undefined ? '-' : s.processedRate.toFixed(1),
    s.latencyMs.p95.toFixed(1),
    s.latencyMs.p99.toFixed(1),
    `${(s.errorRate * 100).toFixed(2)}%`,
    String(s.droppedIterations),
    s.loadGeneratorCores === undefined ? '-' : s.loadGeneratorCores.toFixed(2),
    s.passed ? 'pass' : `FAIL: ${s.failures.join('; ')}`,
  ]);
  const steps = table(
    ['rate/s', 'thru/s', 'processed/s', 'p95 ms', 'p99 ms', 'errors', 'dropped', 'k6 cores', 'result'],
    rows,
  );
  const verdict =
    `max passing rate: ${c.maxPassingRate}/s` +
    (c.firstFailingRate === null
      ? ' (no SLO broke within --max or the budget)'
      : `, first failing: ${c.firstFailingRate}/s`);
  return `${steps}\n\n${verdict}\n`;
}

/** ", k6 0.72 cores" for a progress line, or nothing when it was not measured. */
export function generatorLoad(step: CapacitySearchStep): string {
  return step.loadGeneratorCores === undefined ? '' : `, k6 ${step.loadGeneratorCores.toFixed(2)} cores`;
}
