/**
 * A block the engine does not model (here mainnet 1796867, whose first transaction wipes a
 * contract's existing storage) runs sequentially and leaves the workers as they are: the next
 * block runs on the same, warm workers, and the first block's late answers do not reach it.
 */
import { afterAll, describe, expect, it } from "vitest";
import { loadBlockFixture } from "../../src/cli/replay/blockFixture.js";
import { checkExecution } from "../../src/cli/replay/replayBlock.js";
import { inputOf } from "../../src/cli/replay/timeBlocks.js";
import { executeBlockSequential } from "../../src/execution/sequentialExecutor.js";
import { ParallelExecutor } from "../../src/parallel/ParallelExecutor.js";
import { MAINNET_BLOCKS } from "../support/mainnetBlocks.js";
import { comparable } from "../support/testWorld.js";

const executor = new ParallelExecutor({ threads: 2, minCodeShare: 0 });

afterAll(() => executor.close());

describe("a block the engine does not model", () => {
  it("runs sequentially and keeps the workers for the next block", async () => {
    const wipe = await loadBlockFixture(`${MAINNET_BLOCKS}1796867`);
    const next = await loadBlockFixture(`${MAINNET_BLOCKS}6196166`);
    executor.resetState(() => wipe.preState.snapshot());
    await executor.settle(wipe.block.header.common);
    const generation = executor.workers.generation;

    const fellBack = await executor.execute(inputOf(wipe));
    expect(fellBack.parallel.fellBack).toMatch(/wipes the existing storage/);
    for (const check of await checkExecution(wipe, fellBack))
      expect(check, check.name).toMatchObject({ ok: true });
    expect(executor.workers.generation).toBe(generation);

    executor.resetState(() => next.preState.snapshot());
    const parallel = await executor.execute(inputOf(next));
    expect(parallel.parallel.fellBack).toBeUndefined();
    for (const check of await checkExecution(next, parallel))
      expect(check, check.name).toMatchObject({ ok: true });
    expect(comparable(parallel)).toEqual(comparable(await executeBlockSequential(inputOf(next))));
    // The same workers: resetState sends them the new state, none was restarted.
    expect(executor.workers.running).toBe(1);
  });
});
