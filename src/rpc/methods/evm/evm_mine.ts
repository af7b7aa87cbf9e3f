import { optional } from "../../params/combinators.js";
import { define } from "../define.js";
import { pinNextTimestamp } from "./blockTime.js";
import { mineOptions } from "./devParams.js";

/**
 * Mines a block whatever the mining mode, optionally at a given timestamp (Hardhat: a number or a
 * quantity; ganache and anvil also `{ timestamp, blocks }`). A timestamp of 0 means none, as in
 * Hardhat. Answers "0x0", as all of them do.
 */
export const evm_mine = define({
  name: "evm_mine",
  params: [optional(mineOptions)],
  handler: async ({ devnet }, [options]) => {
    const timestamp = options?.timestamp;
    if (timestamp !== undefined && timestamp !== 0n) pinNextTimestamp(devnet, timestamp);
    const blocks = options?.blocks ?? 1n;
    // Many blocks as anvil_mine mines them (one second apart, empty runs reserved, not built).
    if (blocks > 1n) await devnet.mineBlocks(blocks);
    else await devnet.mine();
    return "0x0";
  },
});
