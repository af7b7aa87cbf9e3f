import { optional } from "../../params/combinators.js";
import { define } from "../define.js";
import { uint64 } from "../evm/devParams.js";

/**
 * Takes the `depth` latest blocks off the chain (1 when not given), as anvil does: the height
 * drops, the state is the new head's, the removed blocks' transactions are gone. Log filters and
 * subscriptions get the removed logs (`removed: true`).
 */
export const anvil_rollback = define({
  name: "anvil_rollback",
  params: [optional(uint64, 1n)],
  handler: async ({ devnet }, [depth]) => {
    await devnet.rollback(depth);
    return null;
  },
});
