import { define } from "../define.js";

/** A devnet has no peers. */
export const net_peerCount = define({
  name: "net_peerCount",
  params: [],
  handler: () => "0x0",
});
