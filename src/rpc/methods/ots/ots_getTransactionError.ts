import { toData } from "../../format/quantity.js";
import { hash32 } from "../../params/hex.js";
import { define } from "../define.js";
import { minedTransaction } from "../trace/minedTransaction.js";

/** The revert data of a failed transaction; "0x" for one that succeeded or is unknown. */
export const ots_getTransactionError = define({
  name: "ots_getTransactionError",
  params: [hash32],
  handler: ({ devnet }, [hash]) => {
    const found = minedTransaction(devnet, hash);
    const receipt = found?.mined.receipts[found.index];
    return receipt === undefined || receipt.status === 1 ? "0x" : toData(receipt.returnValue);
  },
});
