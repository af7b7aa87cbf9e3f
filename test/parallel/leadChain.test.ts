import { describe, expect, it } from "vitest";
import { leadChain } from "../../src/parallel/leadChain.js";

describe("leadChain", () => {
  it("picks the heaviest sender's chain when it weighs a (threads + 1)th of the block", () => {
    // 4370000's shape: one sender's heavy calls late in the block, light transactions before.
    const weights = [50, 50, 50, 50, 300, 300, 300];
    const chains = [[0], [1], [2, 3], [4, 5, 6]];
    expect(leadChain(chains, weights, 2)).toEqual([4, 5, 6]);
  });

  it("picks one transaction of its own when it is the heavy one", () => {
    expect(leadChain([[0], [1], [2]], [10, 80, 10], 2)).toEqual([1]);
  });

  it("picks none when no chain is heavy enough, or on one thread", () => {
    // Ten equal senders: a tenth each, under a third on 2 threads.
    const weights = Array.from({ length: 20 }, () => 1);
    const chains = Array.from({ length: 10 }, (_, s) => [2 * s, 2 * s + 1]);
    expect(leadChain(chains, weights, 2)).toBeUndefined();
    expect(leadChain([[0], [1]], [90, 10], 1)).toBeUndefined();
    // A sixth each: under a third (2 threads), over a ninth (8 threads), where the first leads.
    const sixths = [[0], [1], [2], [3], [4], [5]];
    expect(leadChain(sixths, [1, 1, 1, 1, 1, 1], 2)).toBeUndefined();
    expect(leadChain(sixths, [1, 1, 1, 1, 1, 1], 8)).toEqual([0]);
  });
});
