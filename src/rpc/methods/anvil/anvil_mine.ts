import { optional } from "../../params/combinators.js";
import { define } from "../define.js";
import { uint64 } from "../evm/devParams.js";

/**
 * Mines `count` blocks (default 1), `interval` seconds apart (default 1). The clock moves on to
 * the last block's timestamp, as in anvil, so the blocks after continue from it.
 */
export const anvil_mine = define({
  name: "anvil_mine",
  params: [optional(uint64, 1n), optional(uint64)],
  handler: async ({ devnet }, [count, interval]) => {
    if (count === 0n) return null;
    await devnet.mineBlocks(count, interval ?? 1n);
    return null;
  },
});
