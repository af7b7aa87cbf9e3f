import { dumpFromHex } from "../../../devnet/persistence/stateFile.js";
import { hexData } from "../../params/hex.js";
import { define } from "../define.js";

/** Replaces the chain with a dump from anvil_dumpState. */
export const anvil_loadState = define({
  name: "anvil_loadState",
  params: [hexData],
  handler: async ({ devnet }, [dump]) => {
    await devnet.load(dumpFromHex(dump));
    return true;
  },
});
