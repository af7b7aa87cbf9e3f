import { formatMinedTransaction, formatPendingTransaction } from "../../format/formatTransaction.js";
import { hash32 } from "../../params/hex.js";
import { define } from "../define.js";

/**
 * A mined transaction, or one waiting in the pool (block fields null), or null; on a forked
 * devnet, a transaction the remote mined up to the fork block.
 */
export const eth_getTransactionByHash = define({
  name: "eth_getTransactionByHash",
  params: [hash32],
  handler: ({ devnet }, [hash]) => {
    const location = devnet.chain.locateTransaction(hash);
    const mined = location === undefined ? undefined : devnet.chain.byNumber(location.blockNumber);
    if (location !== undefined && mined !== undefined)
      return formatMinedTransaction(mined, location.index) ?? null;
    const pending = devnet.pool.get(hash);
    if (pending !== undefined) return formatPendingTransaction(pending);
    return devnet.fork === undefined ? null : devnet.fork.transaction(hash);
  },
});
