import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { describe, expect, it } from "vitest";
import { ethereumjsPatches } from "../../../src/execution/internals/ethereumjsPatches.js";
import { FEE_MARKET_FIELDS } from "../../../src/execution/internals/feeMarketTransaction.js";
import { createSharedCommon } from "../../../src/execution/SharedCommon.js";

describe("ethereumjsPatches", () => {
  it("are all applied on the installed ethereumjs", () => {
    expect(ethereumjsPatches).toEqual({ applied: true, problem: undefined });
  });

  it("know the fields ethereumjs' FeeMarket1559Tx constructor sets, in its order", () => {
    const common = createSharedCommon(31337n, { hardfork: "prague" });
    const tx = createFeeMarket1559Tx({ maxFeePerGas: 1n }, { common, freeze: false });
    expect(Object.keys(tx)).toEqual([...FEE_MARKET_FIELDS]);
  });
});
