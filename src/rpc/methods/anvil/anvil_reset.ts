import { optional } from "../../params/combinators.js";
import { define } from "../define.js";
import { resetOptions } from "../evm/devParams.js";
import { resetToGenesis } from "./resetToGenesis.js";

/**
 * Resets the chain (blocks, state, pool, snapshots, clock, impersonation) and gives the instance
 * a new id: to a local genesis, or with `{ forking: { jsonRpcUrl, blockNumber } }` to a fork of
 * that remote at that block (the current remote when no URL is given, its latest block when no
 * number is).
 */
export const anvil_reset = define({
  name: "anvil_reset",
  params: [optional(resetOptions)],
  handler: async ({ devnet }, [options]) => {
    await resetToGenesis(devnet, options?.forking);
    return null;
  },
});
