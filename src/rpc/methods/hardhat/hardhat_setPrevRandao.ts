import { anvil_setNextBlockPrevRandao } from "../anvil/anvil_setNextBlockPrevRandao.js";
import { define } from "../define.js";

/** The prevRandao of the next block (anvil_setNextBlockPrevRandao); answers true. */
export const hardhat_setPrevRandao = define({
  name: "hardhat_setPrevRandao",
  params: anvil_setNextBlockPrevRandao.params,
  handler: async (ctx, params) => {
    await anvil_setNextBlockPrevRandao.handler(ctx, params);
    return true;
  },
});
