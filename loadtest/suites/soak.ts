// Soak: the load suite held for a long time (configurable; short in CI) to surface leaks and drift.
import { ingestIteration } from '../lib/ingest.ts';
import { settings } from '../lib/settings.ts';
import { constantRateOptions } from '../lib/constant-rate.ts';

const s = settings();

export const options = constantRateOptions(s);

export default function (): void {
  ingestIteration(s);
}

export { handleSummary } from '../lib/options.ts';
