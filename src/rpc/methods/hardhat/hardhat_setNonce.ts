import { anvil_setNonce } from "../anvil/anvil_setNonce.js";
import { define } from "../define.js";

/** anvil_setNonce under Hardhat's name; answers true. */
export const hardhat_setNonce = define({
  name: "hardhat_setNonce",
  params: anvil_setNonce.params,
  handler: async (ctx, params) => {
    await anvil_setNonce.handler(ctx, params);
    return true;
  },
});
