import { createTx, type TypedTransaction, type TypedTxData } from "@ethereumjs/tx";
import { authorizationBytes } from "../../../devnet/call/messageTx.js";
import type { Devnet } from "../../../devnet/Devnet.js";
import { DEFAULT_PRIORITY_FEE } from "../../../devnet/DevnetOptions.js";
import { InvalidParamsError, isDevnetError } from "../../../errors/DevnetError.js";
import type { CallRequest } from "../../params/callRequest.js";

/**
 * The transaction eth_sendTransaction makes of `request`, not yet signed. Missing fields get
 * anvil's defaults: the pending nonce, an estimated gas limit (the block gas limit when
 * estimation fails, so a reverting transaction is still mined, as anvil does), EIP-1559 fees
 * from the next base fee (a legacy price of 1 gwei before London or when `gasPrice` is given).
 * The gas is estimated on the state after block `estimateAt` (the head unless told).
 * @example createTx → `.sign(key)` for a dev account, `impersonatedTx(tx, from)` for an impersonated one
 */
export async function unsignedTransaction(
  devnet: Devnet,
  request: CallRequest & { from: string },
  estimateAt: bigint = devnet.head.number,
): Promise<TypedTransaction> {
  let gas = request.gas;
  if (gas === undefined) {
    try {
      gas = await devnet.estimateGas(request, estimateAt);
    } catch (error) {
      if (!isDevnetError(error) || (error.code !== 3 && error.code !== -32003)) throw error;
      // What a block can hold now (evm_setBlockGasLimit may have changed it since the start).
      gas = devnet.nextBlock.gasLimit;
    }
  }
  return unsignedTransactionWithGas(devnet, request, gas);
}

/** unsignedTransaction with the gas limit `gas`, the request's own or not. */
export function unsignedTransactionWithGas(
  devnet: Devnet,
  request: CallRequest & { from: string },
  gas: bigint,
): TypedTransaction {
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
    if (request.authorizationList !== undefined) {
      throw new InvalidParamsError("an authorization list needs EIP-1559 fees, not gasPrice");
    }
    data = {
      ...base,
      type: request.accessList === undefined ? 0 : 1,
      gasPrice: request.gasPrice ?? 1_000_000_000n,
    };
  } else {
    const maxPriorityFeePerGas = request.maxPriorityFeePerGas ?? DEFAULT_PRIORITY_FEE;
    const maxFeePerGas = request.maxFeePerGas ?? baseFee * 2n + maxPriorityFeePerGas;
    data = { ...base, type: 2, maxFeePerGas, maxPriorityFeePerGas };
    if (request.authorizationList !== undefined) {
      data = { ...data, type: 4, authorizationList: authorizationBytes(request.authorizationList) };
    }
  }
  if (request.accessList !== undefined) {
    (data as { accessList: unknown }).accessList = request.accessList;
  }
  return createTx(data, { common: devnet.common });
}
