import { boolean } from "../../params/scalar.js";
import { define } from "../define.js";

/**
 * Turns automine on or off. As in anvil, turning it off while interval mining runs leaves
 * interval mining on, and turning it on replaces interval mining.
 */
export const evm_setAutomine = define({
  name: "evm_setAutomine",
  params: [boolean],
  handler: ({ devnet }, [enabled]) => {
    if (enabled && !devnet.automine) devnet.setMining({ mode: "auto" });
    else if (!enabled && devnet.automine) devnet.setMining({ mode: "manual" });
    return null;
  },
});
