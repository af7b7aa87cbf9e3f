import { describe, expect, it } from "vitest";
import { createSharedCommon } from "../../src/execution/SharedCommon.js";
import { createExecutionContext, executeBlockSequential } from "../../src/execution/sequentialExecutor.js";
import { COINBASE, comparable, createTestWorld, tokenTransfer } from "../support/testWorld.js";

type OpcodeTable = { opHandler: { name: string } }[];

describe("createExecutionContext", () => {
  it("builds its EVM with the cheaper MSTORE (src/execution/internals/fastMstore.ts)", async () => {
    const ctx = await createExecutionContext(createSharedCommon(31337n, { hardfork: "prague" }));
    const table = (ctx.vm.evm as unknown as { _opcodeMap: OpcodeTable })._opcodeMap;
    expect(table[0x52]?.opHandler.name).toBe("mstore");
  });
});

describe("executeBlockSequential's pace", () => {
  it("is asked before each transaction after the first, waits for what it returns, and gives the run up when it throws", async () => {
    const w = await createTestWorld(16);
    const input = {
      header: w.header(COINBASE),
      transactions: w.senders.map((_, i) => tokenTransfer(w, i)),
      preState: w.world,
    };
    const plain = await executeBlockSequential(input);
    const asked: number[] = [];
    const paced = await executeBlockSequential(input, undefined, {
      pace: (index) => {
        asked.push(index);
        return index % 4 === 0 ? new Promise((resolve) => setImmediate(resolve)) : undefined;
      },
    });
    expect(asked).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(comparable(paced)).toEqual(comparable(plain));
    await expect(
      executeBlockSequential(input, undefined, {
        pace: (index) => {
          if (index === 5) throw new Error("given up");
          return undefined;
        },
      }),
    ).rejects.toThrow("given up");
  });
});
