import { impersonatedTx } from "../../../devnet/call/impersonatedTx.js";
import { InvalidParamsError } from "../../../errors/DevnetError.js";
import { callRequest } from "../../params/callRequest.js";
import { define } from "../define.js";
import { unsignedTransaction } from "../eth/unsignedTransaction.js";

/** anvil's: sends from any address without its signature, impersonated or not. */
export const eth_sendUnsignedTransaction = define({
  name: "eth_sendUnsignedTransaction",
  params: [callRequest],
  handler: async ({ devnet }, [request]) => {
    const from = request.from;
    if (from === undefined) throw new InvalidParamsError("missing value for required field from");
    const unsigned = await unsignedTransaction(devnet, { ...request, from });
    return devnet.sendTransaction(impersonatedTx(unsigned, from), from);
  },
});
