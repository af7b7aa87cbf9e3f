import { define } from "../define.js";
import { evm_setBlockGasLimit } from "../evm/evm_setBlockGasLimit.js";

/** anvil's name for evm_setBlockGasLimit. */
export const anvil_setBlockGasLimit = define({
  name: "anvil_setBlockGasLimit",
  params: evm_setBlockGasLimit.params,
  handler: evm_setBlockGasLimit.handler,
});
