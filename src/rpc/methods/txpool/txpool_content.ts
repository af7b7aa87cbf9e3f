import { formatPendingTransaction } from "../../format/formatTransaction.js";
import { define } from "../define.js";
import { poolBySender } from "./poolBySender.js";

/** Every pool transaction, by sender and nonce (geth's shape). */
export const txpool_content = define({
  name: "txpool_content",
  params: [],
  handler: ({ devnet }) => poolBySender(devnet, formatPendingTransaction),
});
