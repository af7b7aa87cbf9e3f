import { bytesToHex } from "@ethereumjs/util";
import { InvalidParamsError } from "../../../errors/DevnetError.js";
import { formatTransaction } from "../../format/formatTransaction.js";
import { callRequest } from "../../params/callRequest.js";
import { define } from "../define.js";
import { unsignedTransaction } from "./unsignedTransaction.js";

/**
 * The transaction eth_sendTransaction would send for a request, not signed and not sent (geth,
 * anvil): `raw`, its encoding with a zero signature, and `tx`, its fields as
 * eth_getTransactionByHash shows a pending one. Needs `from`, whose nonce it takes. A gas
 * estimate that fails is the answer (geth): viem prepares transactions with this method, and a
 * reverting call must reach it as the revert, not as a filled transaction.
 */
export const eth_fillTransaction = define({
  name: "eth_fillTransaction",
  params: [callRequest],
  handler: async ({ devnet }, [request]) => {
    const from = request.from;
    if (from === undefined) throw new InvalidParamsError("missing value for required field from");
    const gas = request.gas ?? (await devnet.estimateGas(request, devnet.head.number));
    const unsigned = await unsignedTransaction(devnet, { ...request, from, gas });
    // A zero signature: the encoding and hash anvil answers for the unsigned transaction.
    const tx = unsigned.addSignature(0n, 0n, 0n, true);
    return {
      raw: bytesToHex(tx.serialize()),
      tx: formatTransaction(tx, {
        blockHash: null,
        blockNumber: null,
        index: null,
        sender: from,
        baseFee: undefined,
        blockTimestamp: null,
      }),
    };
  },
});
