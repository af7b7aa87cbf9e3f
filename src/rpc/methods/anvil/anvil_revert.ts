import { define } from "../define.js";
import { evm_revert } from "../evm/evm_revert.js";

/** anvil's name for evm_revert. */
export const anvil_revert = define({
  name: "anvil_revert",
  params: evm_revert.params,
  handler: evm_revert.handler,
});
