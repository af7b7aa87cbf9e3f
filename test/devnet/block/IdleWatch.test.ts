import { describe, expect, it } from "vitest";
import { IdleWatch } from "../../../src/devnet/block/IdleWatch.js";
import { until } from "../../support/until.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("IdleWatch", () => {
  it("runs a task once the devnet has had no work in hand for the idle time", async () => {
    const loads: number[] = [];
    // Idle times far above the sleeps: a loaded machine fires timers late.
    const watch = new IdleWatch(400, (inHand) => loads.push(inHand));
    let ran = 0;
    try {
      watch.workStarted();
      watch.whenIdle(() => ran++);
      // Work in hand: not idle, however long it lasts.
      await sleep(600);
      expect(ran).toBe(0);
      watch.workDone();
      expect(loads).toEqual([1, 0]);
      await sleep(200);
      // Fresh work puts the idle moment off again.
      watch.workStarted();
      watch.workDone();
      await sleep(200);
      expect(ran).toBe(0);
      await until(() => ran === 1);
    } finally {
      watch.close();
    }
  });

  it("waits for one task at a time, and runs none once closed", async () => {
    const watch = new IdleWatch(20, () => undefined);
    const ran: string[] = [];
    watch.whenIdle(() => ran.push("first"));
    watch.whenIdle(() => ran.push("second"));
    await until(() => ran.length === 1);
    await sleep(100);
    expect(ran).toEqual(["first"]);
    watch.whenIdle(() => ran.push("third"));
    watch.close();
    await sleep(120);
    expect(ran).toEqual(["first"]);
  });

  it("takes a thread that was held for a while as busy, not idle", async () => {
    const watch = new IdleWatch(400, () => undefined);
    let ran = 0;
    try {
      watch.whenIdle(() => ran++);
      // A block built in-process holds the thread: no request, yet no idle moment either.
      const heldUntil = performance.now() + 600;
      while (performance.now() < heldUntil) {}
      await sleep(50);
      expect(ran).toBe(0);
      await until(() => ran === 1);
    } finally {
      watch.close();
    }
  });
});
