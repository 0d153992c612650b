/**
 * Progress for a long, multi-phase job on stderr: "[2/7] capacity search … done in 41 s",
 * with free-form detail lines in between, so stdout stays clean for --json.
 */
export class PhaseProgress {
  private index = 0;
  private started = 0;
  private readonly out: NodeJS.WritableStream;
  private readonly total: number;

  constructor(total: number, out: NodeJS.WritableStream = process.stderr) {
    this.total = total;
    this.out = out;
  }

  begin(name: string): void {
    this.index += 1;
    this.started = Date.now();
    this.out.write(`[${this.index}/${this.total}] ${name}\n`);
  }

  detail(text: string): void {
    this.out.write(`      ${text}\n`);
  }

  end(summary = 'done'): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    this.out.write(`      ${summary} (${seconds} s)\n`);
  }
}
