import { toQuantity } from "../../format/quantity.js";
import { blockNumberOrTag } from "../../params/blockTag.js";
import { define } from "../define.js";
import { findBlock } from "../resolveBlock.js";

export const eth_getBlockTransactionCountByNumber = define({
  name: "eth_getBlockTransactionCountByNumber",
  params: [blockNumberOrTag],
  handler: ({ devnet }, [tag]) => {
    const mined = findBlock(devnet, tag);
    return mined === undefined ? null : toQuantity(mined.block.transactions.length);
  },
});
