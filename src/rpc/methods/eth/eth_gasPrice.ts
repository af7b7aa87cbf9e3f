import { DEFAULT_PRIORITY_FEE } from "../../../devnet/DevnetOptions.js";
import { toQuantity } from "../../format/quantity.js";
import { define } from "../define.js";

/** As anvil: the next block's base fee plus the default tip, so a legacy transaction at this price is mined. */
export const eth_gasPrice = define({
  name: "eth_gasPrice",
  params: [],
  handler: ({ devnet }) => toQuantity((devnet.nextBaseFee() ?? 0n) + DEFAULT_PRIORITY_FEE),
});
