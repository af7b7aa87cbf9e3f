import { anvil_setNextBlockBaseFeePerGas } from "../anvil/anvil_setNextBlockBaseFeePerGas.js";
import { define } from "../define.js";

/** anvil_setNextBlockBaseFeePerGas under Hardhat's name; answers true. */
export const hardhat_setNextBlockBaseFeePerGas = define({
  name: "hardhat_setNextBlockBaseFeePerGas",
  params: anvil_setNextBlockBaseFeePerGas.params,
  handler: async (ctx, params) => {
    await anvil_setNextBlockBaseFeePerGas.handler(ctx, params);
    return true;
  },
});
