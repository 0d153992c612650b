/** Plain-text renderings of the fit and the plan for the terminal (the CLI's default output). */
import { formatValue } from '../charts/index.ts';
import type { PodCapacity } from './capacity.ts';
import type { CapacityPlan } from './plan.ts';

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const v = (n: number | null) => (n === null ? '—' : formatValue(n));

export function formatCapacity(c: PodCapacity): string {
  const lines = [
    `target            ${c.target}`,
    `replicas          ${c.replicas} × concurrency ${c.workerConcurrency}`,
    `sustainable rate  ${v(c.serviceRate)}/s in total, ${v(c.perPodServiceRate)}/s per pod (bottleneck: ${c.bottleneck})`,
    `max passing rate  ${v(c.maxPassingRate)}/s, first failing ${c.firstFailingRate === null ? 'not reached' : `${v(c.firstFailingRate)}/s`}`,
  ];
  if (c.usl) {
    const u = c.usl;
    lines.push(
      `USL               σ=${v(u.sigma)} κ=${v(u.kappa)} λ=${v(u.lambda)}/s, R²=${v(u.r2)} over ${u.points} steps`,
      `knee              ${u.kneeConcurrency === null ? 'none (scales linearly)' : `N=${v(u.kneeConcurrency)}, ${v(u.kneeThroughput)}/s`}`,
      `peak              ${u.peakThroughput === null ? 'none within the model' : `${v(u.peakThroughput)}/s${u.peakConcurrency === null ? ' (asymptote)' : ` at N=${v(u.peakConcurrency)}`}, ${v(c.perPodPeakThroughput)}/s per pod`}`,
    );
  }
  for (const note of c.notes) lines.push(`note: ${note}`);
  return lines.join('\n');
}

export function formatPlan(plan: CapacityPlan): string {
  const rows = plan.hours.map((h) => [
    h.hour.slice(0, 16).replace('T', ' '),
    v(h.demandRate),
    v(Math.round(h.arrivals)),
    String(h.replicas),
    `${Math.round(h.utilisation * 100)}%`,
  ]);
  const out = [
    table(
      ['hour (UTC)', `demand/s p${v(Number(plan.quantile) * 100)}`, 'arrivals', 'replicas', 'util'],
      rows,
    ),
    '',
    `peak       ${plan.peak.replicas} replica${plan.peak.replicas === 1 ? '' : 's'} at ${plan.peak.hour} (${v(plan.peak.demandRate)}/s)`,
    `cost       ${v(plan.podHours)} pod-hours over ${plan.hours.length} h (start-up ${plan.podStartupSeconds}s included)`,
    `sizing     ${v(plan.perPodServiceRate)}/s per pod, queue wait ≤ ${plan.queueWait.seconds}s for ${v(plan.queueWait.percentile * 100)} %, headroom ${v(plan.headroom * 100)} %`,
  ];
  if (plan.current) {
    const c = plan.current;
    out.push(
      `current    ${c.replicas} replicas take ${v(c.capacityRate)}/s: headroom ${v(c.headroomPct)} % at the peak; ${c.shortFrom ? `the plan needs more from ${c.shortFrom}` : 'enough for the whole horizon'}`,
    );
  }
  const r = plan.runOut;
  out.push(`run-out    ${r.date ?? 'none'}: ${r.note} (trend ${v(r.trendPerDay)}/s per day)`);
  for (const note of plan.notes) out.push(`note: ${note}`);
  return out.join('\n');
}
