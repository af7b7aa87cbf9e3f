import { decodeRawTransaction } from "../../../execution/decodeRawTransaction.js";
import { hexData } from "../../params/hex.js";
import { define } from "../define.js";
import { receiptWhenMined, syncTimeout, waitsForNonce } from "./syncReceipt.js";

/**
 * EIP-7966: eth_sendRawTransaction that answers the receipt once the transaction is mined (at
 * once under automine), waiting up to the timeout in milliseconds (default 30 s, as anvil).
 */
export const eth_sendRawTransactionSync = define({
  name: "eth_sendRawTransactionSync",
  params: [hexData, syncTimeout],
  handler: async ({ devnet }, [raw, timeoutMs]) => {
    const { tx, sender } = decodeRawTransaction(raw, devnet.common);
    const queued = waitsForNonce(devnet, sender, tx.nonce);
    const hash = await devnet.sendTransaction(tx, sender);
    return receiptWhenMined(devnet, { hash, queued }, timeoutMs);
  },
});
