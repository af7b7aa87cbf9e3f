import { anvil_getAutomine } from "../anvil/anvil_getAutomine.js";
import { define } from "../define.js";

/** Hardhat's name for anvil_getAutomine. */
export const hardhat_getAutomine = define({
  name: "hardhat_getAutomine",
  params: anvil_getAutomine.params,
  handler: anvil_getAutomine.handler,
});
