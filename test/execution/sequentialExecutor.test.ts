import { describe, expect, it } from "vitest";
import { createSharedCommon } from "../../src/execution/SharedCommon.js";
import { createExecutionContext } from "../../src/execution/sequentialExecutor.js";

type OpcodeTable = { opHandler: { name: string } }[];

describe("createExecutionContext", () => {
  it("builds its EVM with the cheaper MSTORE (src/execution/internals/fastMstore.ts)", async () => {
    const ctx = await createExecutionContext(createSharedCommon(31337n, { hardfork: "prague" }));
    const table = (ctx.vm.evm as unknown as { _opcodeMap: OpcodeTable })._opcodeMap;
    expect(table[0x52]?.opHandler.name).toBe("mstore");
  });
});
