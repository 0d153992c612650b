import { ApiError } from './errors.ts';

/**
 * Refuses new work while too many jobs are waiting. The depth is read from Redis at most
 * every `refreshMs` (in the background), so the check costs nothing per request; while
 * Redis is unreachable the last known depth is used (accepted documents are safe in
 * PostgreSQL and the relay enqueues them later).
 */
export class QueueDepthGuard {
  private depth = 0;
  private refreshedAt = 0;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly readDepth: () => Promise<number>,
    private readonly maxDepth: number,
    private readonly refreshMs = 250,
  ) {}

  check(): void {
    if (Date.now() - this.refreshedAt > this.refreshMs && !this.refreshing) {
      this.refreshing = this.readDepth()
        .then((d) => {
          this.depth = d;
        })
        .catch(() => undefined)
        .finally(() => {
          this.refreshedAt = Date.now();
          this.refreshing = null;
        });
    }
    if (this.depth > this.maxDepth) {
      throw new ApiError(
        429,
        'queue_full',
        `the processing queue is full (${this.depth} waiting); retry later`,
        {
          'retry-after': '5',
        },
      );
    }
  }

  /** Reads the depth now (tests, and the first request after start). */
  async refresh(): Promise<number> {
    this.depth = await this.readDepth();
    this.refreshedAt = Date.now();
    return this.depth;
  }
}
