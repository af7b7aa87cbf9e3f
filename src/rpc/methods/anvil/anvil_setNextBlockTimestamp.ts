import { define } from "../define.js";
import { evm_setNextBlockTimestamp } from "../evm/evm_setNextBlockTimestamp.js";

/** anvil's name for evm_setNextBlockTimestamp. */
export const anvil_setNextBlockTimestamp = define({
  name: "anvil_setNextBlockTimestamp",
  params: evm_setNextBlockTimestamp.params,
  handler: evm_setNextBlockTimestamp.handler,
});
