import { InvalidParamsError } from "../../../errors/DevnetError.js";
import { optional } from "../../params/combinators.js";
import { define } from "../define.js";
import { resetOptions } from "../evm/devParams.js";
import { resetToGenesis } from "./resetToGenesis.js";

/**
 * Resets the chain to its genesis (blocks, state, pool, snapshots, clock, impersonation) and
 * gives the instance a new id. The devnet does not fork: a `forking` option is refused (-32602).
 */
export const anvil_reset = define({
  name: "anvil_reset",
  params: [optional(resetOptions)],
  handler: async ({ devnet }, [options]) => {
    if (options?.forking === true)
      throw new InvalidParamsError("pevm-devnet does not fork: forking is not supported");
    await resetToGenesis(devnet);
    return null;
  },
});
