/**
 * When blocks are mined: on every transaction (automine), every few seconds (interval mining),
 * or only when asked (manual). The Miner holds the mode and the interval timer; building the
 * block is the chain's, given as `mineBlock`.
 */

export type MiningMode = { mode: "auto" } | { mode: "interval"; seconds: number } | { mode: "manual" };

export class Miner {
  private current: MiningMode = { mode: "manual" };
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly mineBlock: () => Promise<unknown>) {}

  /** The mode set last. */
  get mode(): MiningMode {
    return this.current;
  }

  /** Whether each admitted transaction is mined at once. */
  get automine(): boolean {
    return this.current.mode === "auto";
  }

  /** Switches to `mode`; an interval timer of the previous mode stops. */
  setMode(mode: MiningMode): void {
    this.stop();
    this.current = mode;
    if (mode.mode === "interval") {
      this.timer = setInterval(() => {
        this.mineBlock().catch((error: unknown) => console.error("interval mining failed:", error));
      }, mode.seconds * 1000);
      // An interval alone does not keep the process alive.
      this.timer.unref?.();
    }
  }

  /** Stops interval mining; the mode stays as it was. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
