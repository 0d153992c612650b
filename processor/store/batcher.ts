/**
 * Group commit: calls made within `windowMs` of each other (or until `maxItems`) are handed
 * to `flush` together, so N concurrent requests cost one transaction instead of N fsyncs.
 * `flush` returns one outcome per item, in order; if it throws, every caller gets the error.
 * Written by hand because it is twenty lines and no queueing library resolves per-item
 * promises from one batched call the way a database round trip needs.
 */
export class Batcher<In, Out> {
  private pending: Array<{ item: In; resolve: (out: Out) => void; reject: (e: unknown) => void }> = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly flush: (items: In[]) => Promise<Out[]>,
    private readonly windowMs: number,
    private readonly maxItems = 500,
  ) {}

  add(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxItems) this.run();
      else if (!this.timer) this.timer = setTimeout(() => this.run(), this.windowMs);
    });
  }

  /** Flushes what is pending and waits for every batch still running. */
  async drain(): Promise<void> {
    if (this.pending.length > 0) this.run();
    await Promise.allSettled([...this.inFlight]);
  }

  private run(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const done = this.flush(batch.map((p) => p.item)).then(
      (outs) => batch.forEach((p, i) => p.resolve(outs[i])),
      (error) => batch.forEach((p) => p.reject(error)),
    );
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }
}
