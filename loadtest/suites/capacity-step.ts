// Capacity step: one constant-rate step of `headroom loadtest capacity` (the runner steps and bisects the rate).
import { ingestIteration } from '../lib/ingest.ts';
import { settings } from '../lib/settings.ts';
import { constantRateOptions } from '../lib/constant-rate.ts';

const s = settings();

export const options = constantRateOptions(s);

export default function (): void {
  ingestIteration(s);
}

export { handleSummary } from '../lib/options.ts';
