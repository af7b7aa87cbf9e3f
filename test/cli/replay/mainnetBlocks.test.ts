import { readdirSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { type BlockFixture, loadBlockFixture } from "../../../src/cli/replay/blockFixture.js";
import { checkExecution } from "../../../src/cli/replay/replayBlock.js";
import { executeBlockSequential } from "../../../src/execution/sequentialExecutor.js";
import { ParallelExecutor } from "../../../src/parallel/ParallelExecutor.js";
import { replayReport } from "../../../src/parallel/report/replayReport.js";
import { MAINNET_BLOCKS } from "../../support/mainnetBlocks.js";
import { comparable, rootAfter } from "../../support/testWorld.js";

const blocks = readdirSync(MAINNET_BLOCKS).filter((name) => /^\d+$/.test(name));
// Every block of several senders through the engine, however small or plain: the blocks check
// the engine (replay runs such blocks in order, as a devnet does).
const executor = new ParallelExecutor({ threads: 2, minCodeShare: 0 });

afterAll(() => executor.close());

function inputOf(fixture: BlockFixture) {
  return {
    header: fixture.block.header,
    transactions: fixture.block.transactions,
    preState: fixture.preState,
    blockHashes: (n: bigint) => fixture.blockHashes.get(n),
    senders: fixture.senders,
  };
}

describe("mainnet blocks", () => {
  it("are all here", () => {
    expect(blocks.length).toBe(21);
  });

  it.each(blocks)(
    "block %s replays sequentially and in parallel, matching its header and each other",
    async (name) => {
      const fixture = await loadBlockFixture(`${MAINNET_BLOCKS}${name}`);
      const sequential = await executeBlockSequential(inputOf(fixture));
      for (const check of await checkExecution(fixture, sequential))
        expect(check, check.name).toMatchObject({ ok: true });

      executor.resetState(() => fixture.preState.snapshot());
      const parallel = await executor.execute(inputOf(fixture));
      for (const check of await checkExecution(fixture, parallel))
        expect(check, check.name).toMatchObject({ ok: true });
      expect(comparable(parallel)).toEqual(comparable(sequential));
      expect(await rootAfter(fixture.preState, parallel.changes)).toBe(
        await rootAfter(fixture.preState, sequential.changes),
      );

      // The conflict report replay --json prints: its numbers hold together.
      const report = await replayReport({
        input: inputOf(fixture),
        execution: parallel,
        sequentialMs: sequential.elapsedMs,
        parallelMs: parallel.elapsedMs,
      });
      const { estimatedSpeedup: e } = report;
      for (const threads of [2, 4, 8, 16] as const) {
        expect(e[threads]).toBeLessThanOrEqual(threads);
        expect(e[threads]).toBeGreaterThanOrEqual(1);
        expect(e.unbounded).toBeGreaterThanOrEqual(e[threads]);
      }
      expect(e[4]).toBeGreaterThanOrEqual(e[2]);
      for (const tx of report.transactions) {
        for (const conflict of tx.conflicts) expect(conflict.tx).toBeLessThan(tx.index);
      }
      expect(report.transactions.length).toBe(fixture.block.transactions.length);
    },
  );
});
