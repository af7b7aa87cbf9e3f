import { define } from "../define.js";
import { takeSnapshot } from "./snapshotIds.js";

/** Remembers blocks, state, pool and clock; answers the snapshot's id ("0x0" first, as anvil). */
export const evm_snapshot = define({
  name: "evm_snapshot",
  params: [],
  handler: ({ devnet }) => takeSnapshot(devnet),
});
