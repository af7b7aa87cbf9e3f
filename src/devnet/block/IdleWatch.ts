/**
 * IdleWatch: tells when the devnet is idle — no request in hand, none for a while, its thread
 * free — for the work that must not compete with its users: the parallel engine's warm-up and
 * rehearsals (see BlockExecutorChoice). On a small machine that work, done while a client sends,
 * made the devnet's blocks up to a quarter slower.
 */

/**
 * How often the watch looks whether the devnet is idle. A look that comes much later than asked
 * means the thread was busy (a block built in-process, another devnet in the same process).
 */
const LOOK_MS = 50;

export class IdleWatch {
  /** When work was last taken up or finished. */
  private lastActivity = performance.now();
  /** Work taken up and not finished: requests being served, a block being executed. */
  private inHand = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  /**
   * `idleMs`: how long the devnet must have been idle. `onLoad`: told the work in hand whenever
   * it changes.
   */
  constructor(
    private readonly idleMs: number,
    private readonly onLoad: (inHand: number) => void,
  ) {}

  workStarted(): void {
    this.inHand++;
    this.lastActivity = performance.now();
    this.onLoad(this.inHand);
  }

  workDone(): void {
    this.inHand = Math.max(0, this.inHand - 1);
    this.lastActivity = performance.now();
    this.onLoad(this.inHand);
  }

  /**
   * Runs `task` at the next idle moment (at once, but for a look, when the devnet has been idle
   * for long enough already: a task that follows another keeps the moment); nothing when a task
   * is already waiting for one.
   */
  whenIdle(task: () => void): void {
    if (this.timer !== undefined || this.closed) return;
    const step = Math.min(LOOK_MS, this.idleMs);
    let quietSince = this.lastActivity;
    let asked = performance.now();
    const look = () => {
      if (this.closed) return;
      const now = performance.now();
      const late = now - asked > 2 * LOOK_MS;
      if (late || this.inHand > 0 || this.lastActivity > quietSince) quietSince = now;
      if (now - quietSince >= this.idleMs) {
        this.timer = undefined;
        task();
        return;
      }
      asked = now;
      this.timer = setTimeout(look, step).unref();
    };
    this.timer = setTimeout(look, step).unref();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }
}
