import { anvil_impersonateAccount } from "../anvil/anvil_impersonateAccount.js";
import { define } from "../define.js";

/** anvil_impersonateAccount under Hardhat's name; answers true. */
export const hardhat_impersonateAccount = define({
  name: "hardhat_impersonateAccount",
  params: anvil_impersonateAccount.params,
  handler: async (ctx, params) => {
    await anvil_impersonateAccount.handler(ctx, params);
    return true;
  },
});
