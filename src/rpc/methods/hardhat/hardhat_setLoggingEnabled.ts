import { anvil_setLoggingEnabled } from "../anvil/anvil_setLoggingEnabled.js";
import { define } from "../define.js";

/** anvil_setLoggingEnabled under Hardhat's name (`hardhat node` calls it at start-up). */
export const hardhat_setLoggingEnabled = define({
  name: "hardhat_setLoggingEnabled",
  params: anvil_setLoggingEnabled.params,
  handler: anvil_setLoggingEnabled.handler,
});
