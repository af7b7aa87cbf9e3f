/**
 * StallTimer: fails a block run that makes no progress for a while (a worker that stopped
 * answering). Progress only stamps the time; one timer fires when the run could first have
 * stalled, and sleeps again for what is left when progress came meanwhile. Re-arming a timer at
 * every answer and every local chunk instead cost the coordinator ~1.5 ms of a 2,000-transfer
 * ERC-20 block (clearTimeout and setTimeout, ~4 µs each time).
 */
export class StallTimer {
  private timer: NodeJS.Timeout | undefined;
  private progressAt = 0;

  /** `onStall` is called once `ms` milliseconds pass with no progress, unless stopped. */
  constructor(
    private readonly ms: number,
    private readonly onStall: () => void,
  ) {}

  start(): void {
    this.progress();
    this.arm(this.ms);
  }

  progress(): void {
    this.progressAt = performance.now();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(this.fire, ms);
  }

  private readonly fire = (): void => {
    const left = this.progressAt + this.ms - performance.now();
    if (left > 0) {
      this.arm(left);
      return;
    }
    this.timer = undefined;
    this.onStall();
  };
}
