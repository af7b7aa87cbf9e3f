import type { TypedTransaction } from "@ethereumjs/tx";
import { impersonatedTx } from "../../../devnet/call/impersonatedTx.js";
import type { Devnet } from "../../../devnet/Devnet.js";
import { InvalidParamsError } from "../../../errors/DevnetError.js";
import type { CallRequest } from "../../params/callRequest.js";
import { sendFindingGas } from "../eth/sendFindingGas.js";
import { unsignedTransaction } from "../eth/unsignedTransaction.js";

/**
 * eth_sendTransaction for a sender the devnet holds no key of but impersonates
 * (anvil_impersonateAccount, or anvil_autoImpersonateAccount): the transaction gets the same
 * defaults as a dev account's, a made-up signature, and is sent as from `request.from`.
 * Returns its hash. A sender that is not impersonated is refused as eth_sendTransaction refuses
 * an unknown one: -32602 "No Signer available".
 * @example
 * // in eth_sendTransaction, for a sender without a key:
 * if (devnet.isImpersonated(from)) return impersonatedSend(devnet, request);
 */
export async function impersonatedSend(devnet: Devnet, request: CallRequest): Promise<string> {
  const from = request.from;
  if (from === undefined) throw new InvalidParamsError("missing value for required field from");
  if (!devnet.isImpersonated(from)) throw new InvalidParamsError("No Signer available");
  const sign = (unsigned: TypedTransaction) => impersonatedTx(unsigned, from);
  const sent = await sendFindingGas(devnet, { ...request, from }, sign);
  if (sent !== undefined) return sent;
  return devnet.sendTransaction(sign(await unsignedTransaction(devnet, { ...request, from })), from);
}
