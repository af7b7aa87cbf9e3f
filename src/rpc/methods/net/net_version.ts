import { define } from "../define.js";

/** The chain id as a decimal string (the network id of a devnet). */
export const net_version = define({
  name: "net_version",
  params: [],
  handler: ({ devnet }) => devnet.options.chainId.toString(10),
});
