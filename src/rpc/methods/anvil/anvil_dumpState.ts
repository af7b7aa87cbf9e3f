import { dumpToHex } from "../../../devnet/persistence/stateFile.js";
import { define } from "../define.js";

/** The chain as 0x-hex of gzipped JSON (pevm-devnet's own format; anvil_loadState reads it back). */
export const anvil_dumpState = define({
  name: "anvil_dumpState",
  params: [],
  handler: async ({ devnet }) => dumpToHex(await devnet.dump()),
});
