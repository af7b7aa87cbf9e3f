import { anvil_setBalance } from "../anvil/anvil_setBalance.js";
import { define } from "../define.js";

/** anvil_setBalance under Hardhat's name; answers true. */
export const hardhat_setBalance = define({
  name: "hardhat_setBalance",
  params: anvil_setBalance.params,
  handler: async (ctx, params) => {
    await anvil_setBalance.handler(ctx, params);
    return true;
  },
});
