import { define } from "../define.js";

/** The fee recipient of the blocks the devnet mines. */
export const eth_coinbase = define({
  name: "eth_coinbase",
  params: [],
  handler: ({ devnet }) => devnet.nextBlock.coinbase.toLowerCase(),
});
