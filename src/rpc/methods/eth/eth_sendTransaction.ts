import type { TypedTransaction } from "@ethereumjs/tx";
import { InvalidParamsError } from "../../../errors/DevnetError.js";
import { callRequest } from "../../params/callRequest.js";
import { impersonatedSend } from "../anvil/impersonatedSend.js";
import { define } from "../define.js";
import { sendFindingGas } from "./sendFindingGas.js";
import { unsignedTransaction } from "./unsignedTransaction.js";

/**
 * Sends from a dev account (signed with its key) or an impersonated one (a made-up signature).
 * Missing fields get anvil's defaults (see unsignedTransaction).
 */
export const eth_sendTransaction = define({
  name: "eth_sendTransaction",
  params: [callRequest],
  handler: async ({ devnet }, [request]) => {
    const from = request.from;
    if (from === undefined) throw new InvalidParamsError("missing value for required field from");
    if (devnet.keyOf(from) === undefined) return impersonatedSend(devnet, request);
    const sign = (unsigned: TypedTransaction) => {
      const tx = devnet.signAs(unsigned, from);
      if (tx === undefined) throw new InvalidParamsError("No Signer available");
      return tx;
    };
    const sent = await sendFindingGas(devnet, { ...request, from }, sign);
    if (sent !== undefined) return sent;
    return devnet.sendTransaction(sign(await unsignedTransaction(devnet, { ...request, from })), from);
  },
});
