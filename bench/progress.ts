/**
 * Progress lines on stderr for the long preparation steps (signing, building state), so a run
 * never sits silent. On a terminal the line updates in place; elsewhere (CI logs, pipes) a line
 * is printed every few seconds and once at the end.
 */

const TTY_INTERVAL_MS = 100;
const LOG_INTERVAL_MS = 3_000;

export class Progress {
  private readonly label: string;
  private readonly total: number;
  private readonly started = performance.now();
  private readonly tty = process.stderr.isTTY === true;
  private count = 0;
  private lastShown = 0;

  constructor(label: string, total: number) {
    this.label = label;
    this.total = total;
    this.show(true);
  }

  tick(step = 1): void {
    this.count += step;
    this.show(false);
  }

  /** Ends the line with the elapsed time. */
  done(note = ""): void {
    const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
    const text = `${this.label}: ${this.count.toLocaleString("en-US")}/${this.total.toLocaleString("en-US")} done in ${seconds} s${note === "" ? "" : ` (${note})`}`;
    process.stderr.write(this.tty ? `\r\x1b[2K${text}\n` : `${text}\n`);
  }

  private show(first: boolean): void {
    const now = performance.now();
    const interval = this.tty ? TTY_INTERVAL_MS : LOG_INTERVAL_MS;
    if (!first && now - this.lastShown < interval) return;
    if (!this.tty && first) {
      this.lastShown = now;
      return;
    }
    this.lastShown = now;
    const percent = this.total === 0 ? 100 : Math.floor((100 * this.count) / this.total);
    const text = `${this.label}: ${this.count.toLocaleString("en-US")}/${this.total.toLocaleString("en-US")} (${percent}%)`;
    process.stderr.write(this.tty ? `\r\x1b[2K${text}` : `${text}\n`);
  }
}

/** A one-line note on stderr (what the bench is doing now). */
export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}
