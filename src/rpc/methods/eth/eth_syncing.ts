import { define } from "../define.js";

/** A devnet is never syncing. */
export const eth_syncing = define({
  name: "eth_syncing",
  params: [],
  handler: () => false,
});
