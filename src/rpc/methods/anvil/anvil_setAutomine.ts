import { define } from "../define.js";
import { evm_setAutomine } from "../evm/evm_setAutomine.js";

/** anvil's name for evm_setAutomine. */
export const anvil_setAutomine = define({
  name: "anvil_setAutomine",
  params: evm_setAutomine.params,
  handler: evm_setAutomine.handler,
});
