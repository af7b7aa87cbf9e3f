import { anvil_setCode } from "../anvil/anvil_setCode.js";
import { define } from "../define.js";

/** anvil_setCode under Hardhat's name; answers true. */
export const hardhat_setCode = define({
  name: "hardhat_setCode",
  params: anvil_setCode.params,
  handler: async (ctx, params) => {
    await anvil_setCode.handler(ctx, params);
    return true;
  },
});
