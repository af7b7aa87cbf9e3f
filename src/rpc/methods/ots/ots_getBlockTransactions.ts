import { ResourceNotFoundError } from "../../../errors/DevnetError.js";
import type { RpcTransaction } from "../../format/formatTransaction.js";
import { formatMinedTransaction } from "../../format/formatTransaction.js";
import { numberLike } from "../../params/scalar.js";
import { define } from "../define.js";
import { findBlock } from "../resolveBlock.js";
import { blockNumber } from "./blockNumber.js";
import { otsBlock, otsReceipt } from "./otsFormat.js";

/**
 * One page of a block's transactions with their receipts (page `page` of `pageSize`), each
 * transaction's input cut to its 4-byte selector (all the block page shows), as Erigon and anvil.
 */
export const ots_getBlockTransactions = define({
  name: "ots_getBlockTransactions",
  params: [blockNumber, numberLike, numberLike],
  handler: ({ devnet }, [tag, page, pageSize]) => {
    const mined = findBlock(devnet, tag);
    if (mined === undefined) throw new ResourceNotFoundError("block not found");
    const start = page * pageSize;
    const indices = mined.block.transactions
      .slice(start, start + pageSize)
      .map((_, offset) => start + offset);
    const transactions = indices.map((index) => {
      const tx = formatMinedTransaction(mined, index) as RpcTransaction;
      return { ...tx, input: tx.input.slice(0, 10) };
    });
    return {
      fullblock: otsBlock(mined, transactions),
      receipts: indices.map((index) => otsReceipt(mined, index)),
    };
  },
});
