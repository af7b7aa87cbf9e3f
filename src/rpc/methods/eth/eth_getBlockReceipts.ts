import { formatReceipt, type RpcReceipt } from "../../format/formatReceipt.js";
import { blockTag } from "../../params/blockTag.js";
import { define } from "../define.js";
import { findBlock } from "../resolveBlock.js";

/** Every receipt of a block (by number, tag or hash), in order; null when there is no such block. */
export const eth_getBlockReceipts = define({
  name: "eth_getBlockReceipts",
  params: [blockTag],
  handler: ({ devnet }, [tag]) => {
    const mined = findBlock(devnet, tag);
    if (mined === undefined) return null;
    return mined.receipts.map((_, index) => formatReceipt(mined, index) as RpcReceipt);
  },
});
