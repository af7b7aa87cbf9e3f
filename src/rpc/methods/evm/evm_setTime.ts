import { anvil_setTime } from "../anvil/anvil_setTime.js";
import { define } from "../define.js";

/** Ganache's name for anvil_setTime. */
export const evm_setTime = define({
  name: "evm_setTime",
  params: anvil_setTime.params,
  handler: anvil_setTime.handler,
});
