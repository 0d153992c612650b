/**
 * Everything the review starts registers how to stop it here; `runAll` stops them in reverse
 * order, once, whether the review finished, failed or was interrupted (Ctrl-C / SIGTERM).
 */
export class Cleanup {
  private readonly steps: Array<{ name: string; run: () => Promise<void> }> = [];
  private running: Promise<void> | null = null;

  add(name: string, run: () => Promise<void>): void {
    this.steps.push({ name, run });
  }

  runAll(log: (line: string) => void = () => {}): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
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
      log(`${signal}: stopping what the review started`);
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
