import { DEFAULT_PRIORITY_FEE } from "../../../devnet/DevnetOptions.js";
import { toQuantity } from "../../format/quantity.js";
import { define } from "../define.js";

export const eth_maxPriorityFeePerGas = define({
  name: "eth_maxPriorityFeePerGas",
  params: [],
  handler: () => toQuantity(DEFAULT_PRIORITY_FEE),
});
