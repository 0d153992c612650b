import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  backfill,
  startPrometheus,
  type BackfillSeries,
  type PrivatePrometheus,
} from '../../common/testing/prometheus.ts';

export { type BackfillSeries, type PrivatePrometheus } from '../../common/testing/prometheus.ts';

/**
 * A private Prometheus whose history is generated samples (backfilled with promtool), nothing
 * scraped: what the controller reads as "the last days". stop() kills it and deletes the data.
 */
export async function startBackfilledPrometheus(
  series: BackfillSeries[],
  range: { fromSeconds: number; toSeconds: number; stepSeconds: number },
): Promise<PrivatePrometheus> {
  const dir = await mkdtemp(path.join(tmpdir(), 'headroom-prom-'));
  try {
    await backfill(dir, series, range);
    const prometheus = await startPrometheus(dir);
    return {
      url: prometheus.url,
      stop: async () => {
        await prometheus.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
