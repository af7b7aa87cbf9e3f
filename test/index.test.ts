import { describe, expect, it } from "vitest";
import { executeBlockSequential } from "../src/execution/sequentialExecutor.js";
import { executeBlock, WorldState } from "../src/index.js";
import { comparable, createTestWorld, ethTransfer } from "./support/testWorld.js";

describe("the package entry", () => {
  it("executes a block on the parallel engine with executeBlock", async () => {
    const w = await createTestWorld(4);
    expect(w.world).toBeInstanceOf(WorldState);
    // Sender 0 deployed the contracts, so its nonce is past 0.
    const transactions = [1, 2, 3].map((i) => ethTransfer(w, i));
    const input = { header: w.header(), transactions, preState: w.world };
    const parallel = await executeBlock({ ...input, threads: 2 });
    expect(parallel.outcomes.map((o) => o.kind)).toEqual(["included", "included", "included"]);
    expect(parallel.parallel.threads).toBe(2);
    expect(comparable(parallel)).toEqual(comparable(await executeBlockSequential(input)));
  });
});
