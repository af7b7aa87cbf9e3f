import type { TypedTransaction } from "@ethereumjs/tx";
import type { Devnet } from "../../../devnet/Devnet.js";
import type { CallRequest } from "../../params/callRequest.js";
import { unsignedTransactionWithGas } from "./unsignedTransaction.js";

/**
 * eth_sendTransaction of a request that names no gas limit, in one execution where the devnet
 * can (Devnet.sendFindingGas: automine, a call into code that cannot see its gas): its hash, or
 * undefined when the caller must estimate and send. `sign` signs for the sender (its key, or an
 * impersonated sender's made-up signature).
 */
export async function sendFindingGas(
  devnet: Devnet,
  request: CallRequest & { from: string },
  sign: (unsigned: TypedTransaction) => TypedTransaction,
): Promise<string | undefined> {
  if (request.gas !== undefined || !devnet.automine) return undefined;
  return devnet.sendFindingGas(request.from, (gas) => unsignedTransactionWithGas(devnet, request, gas), sign);
}
