import { createTx, type TypedTxData } from "@ethereumjs/tx";
import { DEFAULT_PRIORITY_FEE } from "../../../devnet/Devnet.js";
import { InvalidParamsError, isDevnetError } from "../../../errors/DevnetError.js";
import { callRequest } from "../../params/callRequest.js";
import { define } from "../define.js";

/**
 * Signs with a dev account's key and sends. Missing fields get anvil's defaults: the pending
 * nonce, an estimated gas limit (the block gas limit when estimation fails, so a reverting
 * transaction is still mined, as anvil does), and EIP-1559 fees from the next base fee.
 */
export const eth_sendTransaction = define({
  name: "eth_sendTransaction",
  params: [callRequest],
  handler: async ({ devnet }, [request]) => {
    if (request.from === undefined) throw new InvalidParamsError("missing value for required field from");
    const key = devnet.keyOf(request.from);
    if (key === undefined) throw new InvalidParamsError("No Signer available");
    const head = devnet.head.number;
    let gas = request.gas;
    if (gas === undefined) {
      try {
        gas = await devnet.estimateGas(request, head);
      } catch (error) {
        if (!isDevnetError(error) || (error.code !== 3 && error.code !== -32003)) throw error;
        gas = devnet.options.gasLimit;
      }
    }
    const base: TypedTxData = {
      nonce: request.nonce ?? devnet.pendingNonce(request.from),
      gasLimit: gas,
      value: request.value ?? 0n,
      data: request.data ?? new Uint8Array(),
      ...(request.to === undefined ? {} : { to: request.to as `0x${string}` }),
    };
    const baseFee = devnet.nextBaseFee();
    let data: TypedTxData;
    if (request.gasPrice !== undefined || baseFee === undefined) {
      data = {
        ...base,
        type: request.accessList === undefined ? 0 : 1,
        gasPrice: request.gasPrice ?? 1_000_000_000n,
      };
    } else {
      const maxPriorityFeePerGas = request.maxPriorityFeePerGas ?? DEFAULT_PRIORITY_FEE;
      const maxFeePerGas = request.maxFeePerGas ?? baseFee * 2n + maxPriorityFeePerGas;
      data = { ...base, type: 2, maxFeePerGas, maxPriorityFeePerGas };
    }
    if (request.accessList !== undefined) {
      (data as { accessList: unknown }).accessList = request.accessList;
    }
    const tx = createTx(data, { common: devnet.common }).sign(key);
    return devnet.sendTransaction(tx, request.from);
  },
});
