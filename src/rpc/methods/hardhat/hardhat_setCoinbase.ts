import { anvil_setCoinbase } from "../anvil/anvil_setCoinbase.js";
import { define } from "../define.js";

/** anvil_setCoinbase under Hardhat's name; answers true. */
export const hardhat_setCoinbase = define({
  name: "hardhat_setCoinbase",
  params: anvil_setCoinbase.params,
  handler: async (ctx, params) => {
    await anvil_setCoinbase.handler(ctx, params);
    return true;
  },
});
