import { define } from "../define.js";
import { evm_increaseTime } from "../evm/evm_increaseTime.js";

/** anvil's name for evm_increaseTime. */
export const anvil_increaseTime = define({
  name: "anvil_increaseTime",
  params: evm_increaseTime.params,
  handler: evm_increaseTime.handler,
});
