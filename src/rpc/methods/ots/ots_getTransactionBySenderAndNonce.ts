import { AddressHistory } from "../../../devnet/history/AddressHistory.js";
import { address } from "../../params/hex.js";
import { numberLike } from "../../params/scalar.js";
import { define } from "../define.js";

/** The hash of the mined transaction a sender sent with a nonce; null when there is none. */
export const ots_getTransactionBySenderAndNonce = define({
  name: "ots_getTransactionBySenderAndNonce",
  params: [address, numberLike],
  handler: async ({ devnet }, [sender, nonce]) =>
    (await AddressHistory.of(devnet).transactionBySenderAndNonce(sender, BigInt(nonce))) ?? null,
});
