import { Account, createAddressFromString, hexToBytes } from "@ethereumjs/util";
import { describe, expect, it } from "vitest";
import { jumpAnalysesRun } from "../../../src/execution/internals/jumpAnalysisCache.js";
import { patchOpcodeTable } from "../../../src/execution/internals/opcodeTable.js";
import { createSharedCommon } from "../../../src/execution/SharedCommon.js";
import { createExecutionContext } from "../../../src/execution/sequentialExecutor.js";

/** PUSH1 4, JUMP, INVALID, JUMPDEST, PUSH1 1, PUSH1 0, MSTORE, PUSH1 32, PUSH1 0, RETURN. */
const JUMPS = "0x600456fe5b600160005260206000f3";

describe("jumpAnalysisCache", () => {
  it("analyses a code array once per EVM opcode table, and answers later runs from the cache", async () => {
    const ctx = await createExecutionContext(createSharedCommon(31337n, { hardfork: "prague" }));
    const code = hexToBytes(JUMPS);
    const before = jumpAnalysesRun();
    const first = await ctx.vm.evm.runCode({ code, gasLimit: 100_000n });
    expect(first.exceptionError).toBeUndefined();
    expect(jumpAnalysesRun()).toBe(before + 1);
    const second = await ctx.vm.evm.runCode({ code, gasLimit: 100_000n });
    expect(second.returnValue).toEqual(first.returnValue);
    expect(jumpAnalysesRun()).toBe(before + 1);
    // Other bytes, the same code: analysed again, since the key is the array.
    await ctx.vm.evm.runCode({ code: code.slice(), gasLimit: 100_000n });
    expect(jumpAnalysesRun()).toBe(before + 2);
  });

  it("keeps a cached analysis to its own opcode table: another fork's EVM analyses again", async () => {
    const code = hexToBytes(JUMPS);
    const prague = await createExecutionContext(createSharedCommon(31337n, { hardfork: "prague" }));
    const london = await createExecutionContext(createSharedCommon(31337n, { hardfork: "london" }));
    const before = jumpAnalysesRun();
    await prague.vm.evm.runCode({ code, gasLimit: 100_000n });
    await london.vm.evm.runCode({ code, gasLimit: 100_000n });
    expect(jumpAnalysesRun()).toBe(before + 2);
  });

  it("forgets a table's analyses when its entries are wrapped: code that ran before runs the wrappers after its first jump", async () => {
    const ctx = await createExecutionContext(createSharedCommon(31337n, { hardfork: "prague" }));
    const to = createAddressFromString("0x00000000000000000000000000000000000000aa");
    await ctx.vm.stateManager.putAccount(to, new Account());
    // PUSH1 3, JUMP, JUMPDEST, PUSH1 1, PUSH1 0, SSTORE, STOP: SSTORE comes after the jump.
    const code = hexToBytes("0x6003565b60016000550000");
    await ctx.vm.evm.runCode({ code, gasLimit: 100_000n, to });
    let stores = 0;
    const SSTORE = 0x55;
    patchOpcodeTable(ctx.vm.evm, (table) => {
      const entry = table[SSTORE] as NonNullable<(typeof table)[number]>;
      const store = entry.opHandler;
      table[SSTORE] = {
        ...entry,
        opHandler: (runState, common) => {
          stores++;
          return store(runState, common);
        },
      };
    });
    await ctx.vm.evm.runCode({ code, gasLimit: 100_000n, to });
    expect(stores).toBe(1);
  });
});
