import { anvil_mine } from "../anvil/anvil_mine.js";
import { define } from "../define.js";

/** anvil_mine under Hardhat's name: mines `count` blocks `interval` seconds apart; answers true. */
export const hardhat_mine = define({
  name: "hardhat_mine",
  params: anvil_mine.params,
  handler: async (ctx, params) => {
    await anvil_mine.handler(ctx, params);
    return true;
  },
});
