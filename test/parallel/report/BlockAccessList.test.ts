/**
 * The block access list the parallel engine builds from its final incarnations equals the one
 * built from an in-order recording of the same block: on random blocks of the test world (ERC-20
 * transfers, a shared counter, ETH transfers, exact reads of the fee recipient) and on mainnet
 * blocks.
 */
import { bytesToHex } from "@ethereumjs/util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBlockFixture } from "../../../src/cli/replay/blockFixture.js";
import type { BlockInput } from "../../../src/execution/types.js";
import { ParallelExecutor } from "../../../src/parallel/ParallelExecutor.js";
import { buildBlockAccessList } from "../../../src/parallel/report/BlockAccessList.js";
import { encodeBlockAccessList } from "../../../src/parallel/report/encodeBlockAccessList.js";
import { recordBlock } from "../../../src/parallel/report/recordBlock.js";
import { MAINNET_BLOCKS } from "../../support/mainnetBlocks.js";
import { COINBASE, createTestWorld, type TestWorld } from "../../support/testWorld.js";

let w: TestWorld;
let executor: ParallelExecutor;

beforeAll(async () => {
  w = await createTestWorld(8);
  // Mainnet blocks of mostly value transfers run on the engine too, to build its list.
  executor = new ParallelExecutor({ threads: 2, minCodeShare: 0 });
});

afterAll(async () => {
  await executor.close();
});

type Op = { kind: "eth" | "erc20" | "counter" | "readCoinbase"; from: number; to: number };

function block(ops: Op[]): BlockInput {
  const nonces = new Map<string, bigint>();
  const transactions = ops.map((o) => {
    const from = w.senders[o.from] as string;
    const to = `0x${(0xbeef00 + o.to).toString(16).padStart(40, "0")}`;
    const nonce = nonces.get(from) ?? w.nonceOf(from);
    nonces.set(from, nonce + 1n);
    switch (o.kind) {
      case "eth":
        return w.tx(from, nonce, to, "0x", 5n, 21_000n);
      case "erc20":
        return w.tx(
          from,
          nonce,
          w.contracts.token,
          w.interfaces.token.encodeFunctionData("transfer", [to, 5n]),
        );
      case "counter":
        return w.tx(from, nonce, w.contracts.counter, w.interfaces.counter.encodeFunctionData("increment"));
      case "readCoinbase":
        return w.tx(from, nonce, w.contracts.coinbaseReader, "0x");
      default:
        throw new Error(`unknown operation ${JSON.stringify(o.kind satisfies never)}`);
    }
  });
  return {
    header: w.header(COINBASE),
    transactions,
    preState: w.world,
    senders: transactions.map((tx) => tx.getSenderAddress().toString()),
  };
}

/** The engine's list and the recorded one, both encoded. */
async function bothLists(input: BlockInput, fullState: () => ReturnType<TestWorld["world"]["snapshot"]>) {
  executor.resetState(fullState);
  const execution = await executor.execute(input);
  const recorded = await recordBlock(input);
  const inOrder = buildBlockAccessList(recorded, input.preState, input.header.coinbase.toString());
  const engine = execution.parallel.accessList;
  return {
    fellBack: execution.parallel.fellBack,
    engine: engine === undefined ? undefined : bytesToHex(encodeBlockAccessList(engine)),
    inOrder: bytesToHex(encodeBlockAccessList(inOrder)),
  };
}

describe("the parallel engine's block access list", () => {
  it("equals the in-order one on random blocks", async () => {
    const op = fc.record({
      kind: fc.constantFrom<Op["kind"]>("eth", "erc20", "counter", "readCoinbase"),
      from: fc.integer({ min: 0, max: 7 }),
      to: fc.integer({ min: 0, max: 3 }),
    });
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 2, maxLength: 24 }), async (ops) => {
        const lists = await bothLists(block(ops), () => w.world.snapshot());
        expect(lists.fellBack).toBeUndefined();
        // A run that finished its block sequentially (too many aborts) has no sets to build from.
        if (lists.engine === undefined) return;
        compared++;
        expect(lists.engine).toBe(lists.inOrder);
      }),
      { numRuns: 20 },
    );
    expect(compared).toBeGreaterThan(5);
  });

  it.each(["2674998", "1796867"])("equals the in-order one on mainnet block %s", async (number) => {
    const fixture = await loadBlockFixture(`${MAINNET_BLOCKS}${number}`);
    const input: BlockInput = {
      header: fixture.block.header,
      transactions: fixture.block.transactions,
      preState: fixture.preState,
      blockHashes: (n: bigint) => fixture.blockHashes.get(n),
      senders: fixture.senders,
    };
    const lists = await bothLists(input, () => fixture.preState.snapshot());
    if (lists.fellBack !== undefined) return;
    expect(lists.engine).toBe(lists.inOrder);
  });
});
