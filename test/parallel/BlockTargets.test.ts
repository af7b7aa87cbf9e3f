/**
 * BlockTargets: each transaction's target as a hex string (one string for a run of calls to one
 * target, a creation has none), and whether a target has code before the block.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { BlockTargets } from "../../src/parallel/BlockTargets.js";
import { COINBASE, createTestWorld, type TestWorld } from "../support/testWorld.js";

let w: TestWorld;

beforeAll(async () => {
  w = await createTestWorld(3);
});

describe("BlockTargets", () => {
  it("names each transaction's target, and tells contracts from accounts without code", () => {
    const [a, b] = w.senders as [string, string];
    const { token } = w.contracts;
    const n = w.nonceOf(a);
    const transactions = [
      w.tx(a, n, token, "0x"),
      w.tx(a, n + 1n, token, "0x"),
      w.tx(a, n + 2n, b, "0x"),
      w.tx(a, n + 3n, undefined, "0x00"),
      w.tx(a, n + 4n, token, "0x"),
    ];
    const targets = new BlockTargets({ header: w.header(COINBASE), transactions, preState: w.world });
    const named = transactions.map((_, i) => targets.targetOf(i));
    expect(named).toEqual([token, token, b, undefined, token].map((t) => t?.toLowerCase()));
    expect(targets.hasCode(named[0] as string)).toBe(true);
    expect(targets.hasCode(b.toLowerCase())).toBe(false);
    expect(targets.hasCode("0x00000000000000000000000000000000000000ff")).toBe(false);
  });
});
