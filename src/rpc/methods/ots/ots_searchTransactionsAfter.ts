import { searchTransactionsAfter } from "../../../devnet/history/searchTransactions.js";
import { address } from "../../params/hex.js";
import { numberLike } from "../../params/scalar.js";
import { define } from "../define.js";
import { transactionsWithReceipts } from "./otsFormat.js";

/** An address's transactions after a block (0: from the first), newest first, a page at a time. */
export const ots_searchTransactionsAfter = define({
  name: "ots_searchTransactionsAfter",
  params: [address, numberLike, numberLike],
  handler: async ({ devnet }, [account, block, pageSize]) => {
    const page = await searchTransactionsAfter(devnet, account, BigInt(block), pageSize);
    const { txs, receipts } = transactionsWithReceipts(devnet, page.transactions);
    return { txs, receipts, firstPage: page.firstPage, lastPage: page.lastPage };
  },
});
