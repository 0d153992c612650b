/**
 * Everything a long local run (the review, the processor benchmark) starts registers how to
 * stop it here; `runAll` stops what is left in reverse order, once, whether the run finished,
 * failed or was interrupted (Ctrl-C / SIGTERM). Node.js exits on a signal without running
 * `finally` blocks, so without this an interrupted run leaves its processes, databases and
 * queues behind.
 */
export class Cleanup {
  private readonly steps: Array<{ name: string; run: () => Promise<void> }> = [];
  private running: Promise<void> | null = null;

  /**
   * Registers a stop step. The returned function runs it now instead (once) and takes it off
   * the list, for something that ends before the run does.
   */
  add(name: string, run: () => Promise<void>): () => Promise<void> {
    let done: Promise<void> | null = null;
    const step = { name, run: () => (done ??= run()) };
    this.steps.push(step);
    return () => {
      const at = this.steps.indexOf(step);
      if (at >= 0) this.steps.splice(at, 1);
      return step.run();
    };
  }

  runAll(log: (line: string) => void = () => {}): Promise<void> {
    this.running ??= (async () => {
      // Taken off the list first: a step that ends a phase early may release itself meanwhile.
      for (const step of this.steps.splice(0).reverse()) {
        try {
          await step.run();
          log(`stopped ${step.name}`);
        } catch (error) {
          log(`could not stop ${step.name}: ${(error as Error).message}`);
        }
      }
    })();
    return this.running;
  }

  /** On SIGINT/SIGTERM: stop everything, then exit 130/143. Returns a function that unhooks. */
  onSignals(log: (line: string) => void): () => void {
    const handler = (signal: NodeJS.Signals) => {
      log(`${signal}: stopping what this run started`);
      void this.runAll(log).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    };
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  }
}
