import { formatReceipt } from "../../format/formatReceipt.js";
import { hash32 } from "../../params/hex.js";
import { define } from "../define.js";

/**
 * The receipt of a mined transaction; null while it is pending or when it is unknown. On a
 * forked devnet, the remote's receipts of transactions mined up to the fork block.
 */
export const eth_getTransactionReceipt = define({
  name: "eth_getTransactionReceipt",
  params: [hash32],
  handler: ({ devnet }, [hash]) => {
    const location = devnet.chain.locateTransaction(hash);
    if (location === undefined) {
      if (devnet.fork === undefined || devnet.pool.get(hash) !== undefined) return null;
      return devnet.fork.receipt(hash);
    }
    const mined = devnet.chain.byNumber(location.blockNumber);
    return mined === undefined ? null : (formatReceipt(mined, location.index) ?? null);
  },
});
