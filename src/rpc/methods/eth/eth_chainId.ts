import { toQuantity } from "../../format/quantity.js";
import { define } from "../define.js";

export const eth_chainId = define({
  name: "eth_chainId",
  params: [],
  handler: ({ devnet }) => toQuantity(devnet.options.chainId),
});
