import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StallTimer } from "../../src/parallel/StallTimer.js";

describe("StallTimer", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("calls its callback once the run makes no progress for its time", () => {
    const stalled = vi.fn();
    new StallTimer(100, stalled).start();
    vi.advanceTimersByTime(99);
    expect(stalled).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(stalled).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    expect(stalled).toHaveBeenCalledTimes(1);
  });

  it("counts from the last progress, however long the run has gone on", () => {
    const stalled = vi.fn();
    const timer = new StallTimer(100, stalled);
    timer.start();
    for (let ms = 0; ms < 1_000; ms += 40) {
      vi.advanceTimersByTime(40);
      timer.progress();
    }
    expect(stalled).not.toHaveBeenCalled();
    vi.advanceTimersByTime(99);
    expect(stalled).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(stalled).toHaveBeenCalledTimes(1);
  });

  it("never calls its callback once stopped", () => {
    const stalled = vi.fn();
    const timer = new StallTimer(100, stalled);
    timer.start();
    vi.advanceTimersByTime(50);
    timer.stop();
    vi.advanceTimersByTime(1_000);
    expect(stalled).not.toHaveBeenCalled();
  });
});
