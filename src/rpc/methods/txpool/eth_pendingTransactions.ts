import { formatPendingTransaction } from "../../format/formatTransaction.js";
import { define } from "../define.js";
import { splitPool } from "./poolBySender.js";

/** The pool transactions that can run now (not those behind a nonce gap), as transaction objects. */
export const eth_pendingTransactions = define({
  name: "eth_pendingTransactions",
  params: [],
  handler: ({ devnet }) => splitPool(devnet).pending.map(formatPendingTransaction),
});
