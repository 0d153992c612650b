// Stress: ramping arrival rate from a quarter of the target rate to twice it, past the
// knee, so the breaking point shows in the latency/error curve.
import { ingestIteration } from '../lib/ingest.ts';
import { arrival, gracefulStop, suiteOptions, vus } from '../lib/options.ts';
import { settings } from '../lib/settings.ts';

const s = settings();
const { scale, timeUnit } = arrival(s.rate / 4);
const t = s.durationSeconds;
const at = (rate: number) => Math.max(1, Math.round(rate * scale));

export const options = suiteOptions(s, {
  executor: 'ramping-arrival-rate',
  startRate: at(s.rate / 4),
  timeUnit,
  stages: [
    { target: at(s.rate), duration: `${Math.max(1, Math.round(t * 0.4))}s` },
    { target: at(s.rate * 2), duration: `${Math.max(1, Math.round(t * 0.4))}s` },
    { target: at(s.rate * 2), duration: `${Math.max(1, t - 2 * Math.round(t * 0.4))}s` },
  ],
  ...vus(s.rate * 2, s),
  gracefulStop: gracefulStop(s),
});

export default function (): void {
  ingestIteration(s);
}

export { handleSummary } from '../lib/options.ts';
