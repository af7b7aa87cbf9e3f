import { anvil_reset } from "../anvil/anvil_reset.js";
import { define } from "../define.js";

/** anvil_reset under Hardhat's name (network-helpers' `reset()`); answers true. */
export const hardhat_reset = define({
  name: "hardhat_reset",
  params: anvil_reset.params,
  handler: async (ctx, params) => {
    await anvil_reset.handler(ctx, params);
    return true;
  },
});
