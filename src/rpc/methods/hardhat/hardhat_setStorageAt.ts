import { anvil_setStorageAt } from "../anvil/anvil_setStorageAt.js";
import { define } from "../define.js";

/** Hardhat's name for anvil_setStorageAt (both answer true). */
export const hardhat_setStorageAt = define({
  name: "hardhat_setStorageAt",
  params: anvil_setStorageAt.params,
  handler: anvil_setStorageAt.handler,
});
