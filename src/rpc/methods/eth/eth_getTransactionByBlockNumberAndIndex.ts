import { formatMinedTransaction } from "../../format/formatTransaction.js";
import { blockNumberOrTag } from "../../params/blockTag.js";
import { quantityU64 } from "../../params/hex.js";
import { define } from "../define.js";
import { findBlock } from "../resolveBlock.js";

export const eth_getTransactionByBlockNumberAndIndex = define({
  name: "eth_getTransactionByBlockNumberAndIndex",
  params: [blockNumberOrTag, quantityU64],
  handler: ({ devnet }, [tag, index]) => {
    const mined = findBlock(devnet, tag);
    if (mined === undefined || index >= BigInt(mined.block.transactions.length)) return null;
    return formatMinedTransaction(mined, Number(index)) ?? null;
  },
});
