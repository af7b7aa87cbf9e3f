/**
 * A pool tells, without handling it, that a worker has posted an answer not heard yet: what lets
 * the coordinator's own chunk stop between two transactions to hear it (see BlockRun).
 */
import { afterEach, describe, expect, it } from "vitest";
import { AnswerCount, AnswerSignal } from "../../src/parallel/AnswerSignal.js";
import type { WorkerAnswer } from "../../src/parallel/messages.js";
import { WorkerPool } from "../../src/parallel/WorkerPool.js";

describe("AnswerSignal", () => {
  it("waits from the worker's count of a posted message until the coordinator receives it", () => {
    const signal = new AnswerSignal();
    const worker = new AnswerCount(signal.shared);
    expect(signal.waiting).toBe(false);
    worker.bump();
    worker.bump();
    expect(signal.waiting).toBe(true);
    signal.received();
    expect(signal.waiting).toBe(true);
    signal.received();
    expect(signal.waiting).toBe(false);
  });
});

describe("WorkerPool.answerWaitingFrom", () => {
  let pool: WorkerPool | undefined;
  afterEach(async () => {
    await pool?.close();
  });

  it("is true while a worker's answer is on its way to a busy thread, false once heard", async () => {
    pool = new WorkerPool(1);
    pool.start();
    const heard: WorkerAnswer[] = [];
    pool.attach(
      (_, message) => heard.push(message),
      () => {},
    );
    expect(pool.answerWaitingFrom(0)).toBe(false);
    pool.post(0, { type: "settle" });
    // Busy, as a coordinator executing a chunk of its own is: its event loop does not turn.
    const start = Date.now();
    const sleep = new Int32Array(new SharedArrayBuffer(4));
    while (!pool.answerWaitingFrom(0) && Date.now() - start < 20_000) Atomics.wait(sleep, 0, 0, 5);
    expect(pool.answerWaitingFrom(0)).toBe(true);
    expect(heard).toEqual([]);
    // Its event loop turns: the answer is heard.
    while (heard.length === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(heard).toEqual([{ type: "settled" }]);
    expect(pool.answerWaitingFrom(0)).toBe(false);
  });
});
