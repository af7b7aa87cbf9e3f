import { toQuantity } from "../../format/quantity.js";
import { define } from "../define.js";

export const eth_blockNumber = define({
  name: "eth_blockNumber",
  params: [],
  handler: ({ devnet }) => toQuantity(devnet.chain.height),
});
