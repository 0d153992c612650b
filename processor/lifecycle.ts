/**
 * Waits for SIGTERM or SIGINT, then runs `close` once (drain in-flight work) and resolves.
 * A second signal, or `close` taking longer than `graceMs`, exits at once.
 */
export function runUntilSignal(name: string, close: () => Promise<void>, graceMs = 30_000): Promise<void> {
  return new Promise((resolve) => {
    let closing = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (closing) process.exit(130);
      closing = true;
      process.stderr.write(`headroom ${name}: ${signal}, draining\n`);
      const timer = setTimeout(() => {
        process.stderr.write(`headroom ${name}: drain took over ${graceMs} ms, exiting\n`);
        process.exit(1);
      }, graceMs);
      timer.unref();
      close().then(
        () => {
          clearTimeout(timer);
          process.stderr.write(`headroom ${name}: stopped\n`);
          resolve();
          // Stray handles (pino, ioredis reconnect timers) must not keep a drained process alive.
          setImmediate(() => process.exit(0));
        },
        (error: Error) => {
          process.stderr.write(`headroom ${name}: error while draining: ${error.message}\n`);
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
