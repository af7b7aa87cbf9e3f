import { callRequest } from "../../params/callRequest.js";
import { define } from "../define.js";
import { eth_sendTransaction } from "./eth_sendTransaction.js";
import { receiptWhenMined, syncTimeout, waitsForNonce } from "./syncReceipt.js";

/**
 * eth_sendTransaction that answers the receipt once the transaction is mined, as
 * eth_sendRawTransactionSync (EIP-7966) does for a signed one.
 */
export const eth_sendTransactionSync = define({
  name: "eth_sendTransactionSync",
  params: [callRequest, syncTimeout],
  handler: async (context, [request, timeoutMs]) => {
    const { devnet } = context;
    const queued =
      request.from !== undefined &&
      request.nonce !== undefined &&
      waitsForNonce(devnet, request.from, request.nonce);
    const hash = await eth_sendTransaction.handler(context, [request]);
    return receiptWhenMined(devnet, { hash, queued }, timeoutMs);
  },
});
