import { describe, expect, it } from "vitest";
import { ChunkPolicy } from "../../src/parallel/ChunkPolicy.js";

const BIG = 1_000_000;
const spread = { lopsided: false };
const clean = (validated: number) => ({ validated, failed: 0, newlyHot: 0 });

describe("ChunkPolicy", () => {
  it("starts with chunks of 8 and a window of one chunk per thread", () => {
    const policy = new ChunkPolicy(2000, 2);
    expect(policy.workerChunk(BIG)).toBe(8);
    expect(policy.limit(0)).toBe(16);
    expect(policy.limit(100)).toBe(116);
    expect(policy.serial).toBe(false);
  });

  it("keeps a small block's chunks small enough to give every thread several", () => {
    const policy = new ChunkPolicy(10, 2);
    expect(policy.workerChunk(BIG)).toBe(1);
    expect(policy.limit(0)).toBe(2);
    policy.afterValidation(clean(4), spread);
    expect(policy.workerChunk(BIG)).toBe(1);
  });

  it("doubles chunk and window while validations pass, the chunk up to 64, the window up to the block", () => {
    const policy = new ChunkPolicy(2000, 2);
    const seen: [number, number][] = [];
    for (let round = 0; round < 6; round++) {
      policy.afterValidation(clean(8), spread);
      seen.push([policy.workerChunk(BIG), policy.limit(0)]);
    }
    expect(seen).toEqual([
      [16, 64],
      [32, 128],
      [64, 256],
      [64, 512],
      [64, 1024],
      [64, 2000],
    ]);
  });

  it("keeps this thread's own chunks at 16 at most", () => {
    const policy = new ChunkPolicy(2000, 2);
    expect(policy.localChunk(BIG)).toBe(8);
    for (let round = 0; round < 3; round++) policy.afterValidation(clean(8), spread);
    expect(policy.workerChunk(BIG)).toBe(64);
    expect(policy.localChunk(BIG)).toBe(16);
  });

  it("shrinks chunks to an even share of what is ready per pipeline slot, at least one", () => {
    const policy = new ChunkPolicy(2000, 2);
    expect(policy.workerChunk(10)).toBe(3);
    expect(policy.workerChunk(1)).toBe(1);
    expect(policy.workerChunk(0)).toBe(1);
    expect(policy.localChunk(10)).toBe(3);
  });

  it("halves the window on a round with few failures, down to one chunk per thread", () => {
    const policy = new ChunkPolicy(2000, 2);
    policy.afterValidation(clean(8), spread); // chunk 16, window 64
    policy.afterValidation({ validated: 8, failed: 1, newlyHot: 0 }, spread);
    expect(policy.limit(0)).toBe(32);
    expect(policy.workerChunk(BIG)).toBe(16);
    policy.afterValidation({ validated: 8, failed: 1, newlyHot: 0 }, spread);
    expect(policy.limit(0)).toBe(32);
    expect(policy.serial).toBe(false);
  });

  it("turns serial when half of a round of at least 4 validations fails", () => {
    const few = new ChunkPolicy(2000, 2);
    few.afterValidation({ validated: 3, failed: 3, newlyHot: 0 }, spread);
    expect(few.serial).toBe(false);

    const half = new ChunkPolicy(2000, 2);
    half.afterValidation({ validated: 8, failed: 4, newlyHot: 0 }, spread);
    expect(half.serial).toBe(true);
  });

  it("gives failures on contracts just made hot one more round, unless one thread owns most of the rest", () => {
    const spreadOut = new ChunkPolicy(2000, 2);
    spreadOut.afterValidation({ validated: 8, failed: 8, newlyHot: 2 }, spread);
    expect(spreadOut.serial).toBe(false);
    spreadOut.afterValidation({ validated: 8, failed: 8, newlyHot: 0 }, spread);
    expect(spreadOut.serial).toBe(true);

    const oneThread = new ChunkPolicy(2000, 2);
    oneThread.afterValidation({ validated: 8, failed: 8, newlyHot: 1 }, { lopsided: true });
    expect(oneThread.serial).toBe(true);
  });

  it("asks whether the scheduler is lopsided only when that decides", () => {
    let asked = 0;
    const scheduler = {
      get lopsided() {
        asked++;
        return false;
      },
    };
    const policy = new ChunkPolicy(2000, 2);
    policy.afterValidation(clean(8), scheduler);
    policy.afterValidation({ validated: 8, failed: 8, newlyHot: 0 }, scheduler);
    expect(asked).toBe(0);
  });

  it("changes nothing once serial, nor on a round that validated nothing", () => {
    const policy = new ChunkPolicy(2000, 2);
    policy.afterValidation({ validated: 0, failed: 0, newlyHot: 0 }, spread);
    expect([policy.workerChunk(BIG), policy.limit(0)]).toEqual([8, 16]);
    policy.afterValidation({ validated: 4, failed: 2, newlyHot: 0 }, spread);
    expect(policy.serial).toBe(true);
    policy.afterValidation(clean(8), spread);
    expect([policy.workerChunk(BIG), policy.limit(0), policy.serial]).toEqual([8, 16, true]);
  });
});

describe("ChunkPolicy.turnSerial", () => {
  it("makes the whole block serial from the start", () => {
    const policy = new ChunkPolicy(1000, 2);
    expect(policy.serial).toBe(false);
    policy.turnSerial();
    expect(policy.serial).toBe(true);
  });
});
