import { define } from "../define.js";
import { evm_snapshot } from "../evm/evm_snapshot.js";

/** anvil's name for evm_snapshot. */
export const anvil_snapshot = define({
  name: "anvil_snapshot",
  params: evm_snapshot.params,
  handler: evm_snapshot.handler,
});
