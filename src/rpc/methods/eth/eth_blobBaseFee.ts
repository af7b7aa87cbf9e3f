import { toQuantity } from "../../format/quantity.js";
import { define } from "../define.js";

/** The blob base fee of the next block (EIP-4844); zero before Cancun. */
export const eth_blobBaseFee = define({
  name: "eth_blobBaseFee",
  params: [],
  handler: ({ devnet }) => {
    const header = devnet.head.block.header;
    return toQuantity(header.excessBlobGas === undefined ? 0n : header.calcNextBlobGasPrice(devnet.common));
  },
});
