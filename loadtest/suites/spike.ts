// Spike: the target rate, then a sudden x5 for a minute (a third of the run when shorter),
// then back, to show how the service and its autoscaling absorb and recover.
import { ingestIteration } from '../lib/ingest.ts';
import { arrival, gracefulStop, suiteOptions, vus } from '../lib/options.ts';
import { settings } from '../lib/settings.ts';

const s = settings();
const { scale, timeUnit } = arrival(s.rate);
const t = s.durationSeconds;
const spike = Math.max(1, Math.min(60, Math.round(t / 3)));
// Two 1 s ramps (up and down) are part of the duration too.
const before = Math.max(1, Math.floor((t - spike - 2) / 2));
const after = Math.max(1, t - spike - 2 - before);
const base = Math.max(1, Math.round(s.rate * scale));

export const options = suiteOptions(s, {
  executor: 'ramping-arrival-rate',
  startRate: base,
  timeUnit,
  stages: [
    { target: base, duration: `${before}s` },
    { target: base * 5, duration: '1s' },
    { target: base * 5, duration: `${spike}s` },
    { target: base, duration: '1s' },
    { target: base, duration: `${after}s` },
  ],
  ...vus(s.rate * 5, s),
  gracefulStop: gracefulStop(s),
});

export default function (): void {
  ingestIteration(s);
}

export { handleSummary } from '../lib/options.ts';
