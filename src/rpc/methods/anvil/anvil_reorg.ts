import { InvalidParamsError } from "../../../errors/DevnetError.js";
import { optional } from "../../params/combinators.js";
import { define } from "../define.js";
import { uint64 } from "../evm/devParams.js";
import { reorgBlocks, reorgPairs } from "./reorgTransactions.js";

/**
 * Replaces the `depth` latest blocks with as many new ones, as anvil does: the height stays,
 * `[transaction, block]` pairs fill the new blocks (see reorgTransactions.ts), the replaced
 * blocks' transactions are gone. Log filters and subscriptions get the removed logs
 * (`removed: true`), then the new blocks as mined blocks.
 */
export const anvil_reorg = define({
  name: "anvil_reorg",
  params: [uint64, optional(reorgPairs, [])],
  handler: async ({ devnet }, [depth, pairs]) => {
    const late = pairs.find((pair) => pair.block >= depth);
    if (late !== undefined) {
      throw new InvalidParamsError(
        `Block number for reorg tx will exceed the reorged chain height. Block number ${late.block} must not exceed (depth-1) ${depth - 1n}`,
      );
    }
    await devnet.reorg(depth, (ancestor) => reorgBlocks(devnet, ancestor, pairs));
    return null;
  },
});
