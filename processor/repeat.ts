/**
 * Runs `task` again `intervalMs` after each run ends, never two at once: a run that outlasts
 * the interval (a first sweep or prune of a large backlog) delays the next one instead of
 * racing it for the same rows. `stop()` cancels the next run and waits for one in progress.
 * The task handles its own failures (logs them; the next run is the retry): it must not throw.
 */
export class Repeat {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly intervalMs: number,
  ) {}

  /** The first run now (0) or after `firstInMs`. */
  start(firstInMs: number): void {
    const run = () => {
      this.running = this.task().then(() => {
        if (!this.stopped) this.schedule(run, this.intervalMs);
      });
    };
    if (firstInMs === 0) run();
    else this.schedule(run, firstInMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(run: () => void, ms: number): void {
    this.timer = setTimeout(run, ms);
    // The process's server or worker keeps it alive; a pending run must not.
    this.timer.unref();
  }
}
