/**
 * A transaction built from an RPC request object (eth_call, eth_estimateGas, eth_sendTransaction
 * from an impersonated account): unsigned, with the sender it claims, so ethereumjs' runTx can
 * execute it with all the gas accounting of a real transaction (intrinsic gas, refunds, floors).
 */
import type { Common } from "@ethereumjs/common";
import { createTx, type TypedTransaction, type TypedTxData } from "@ethereumjs/tx";
import { Address, bytesToHex, hexToBytes } from "@ethereumjs/util";
import { claimSender } from "../../execution/internals/claimSender.js";

/** A transaction as JSON-RPC requests describe it; every field optional (defaults fill in). */
export interface MessageRequest {
  from?: string;
  /** Absent for a contract creation. */
  to?: string;
  gas?: bigint;
  gasPrice?: bigint;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  value?: bigint;
  /** From `input` or `data`, whichever the request used. */
  data?: Uint8Array;
  nonce?: bigint;
  accessList?: { address: string; storageKeys: string[] }[];
  type?: number;
}

export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** Whether the request names any fee: a call without one runs with a base fee of zero (as geth). */
export function hasFeeFields(request: MessageRequest): boolean {
  return (
    request.gasPrice !== undefined ||
    request.maxFeePerGas !== undefined ||
    request.maxPriorityFeePerGas !== undefined
  );
}

export function messageTx(
  common: Common,
  request: MessageRequest,
  defaults: { gasLimit: bigint; nonce: bigint; baseFee: bigint | undefined },
): TypedTransaction {
  const from = request.from ?? ZERO_ADDRESS;
  const dynamic =
    common.isActivatedEIP(1559) &&
    request.gasPrice === undefined &&
    (request.type === undefined || request.type === 2 || request.maxFeePerGas !== undefined);
  const base: TypedTxData = {
    nonce: request.nonce ?? defaults.nonce,
    gasLimit: request.gas ?? defaults.gasLimit,
    value: request.value ?? 0n,
    data: request.data ?? new Uint8Array(),
    ...(request.to === undefined ? {} : { to: request.to as `0x${string}` }),
  };
  const accessList = (request.accessList ?? []).map((entry) => ({
    address: entry.address as `0x${string}`,
    storageKeys: entry.storageKeys as `0x${string}`[],
  }));
  let data: TypedTxData;
  if (dynamic) {
    // A message that names no fee pays none (it runs with a zero base fee, see hasFeeFields).
    const named = hasFeeFields(request);
    const maxFeePerGas =
      request.maxFeePerGas ?? (named && defaults.baseFee !== undefined ? defaults.baseFee * 2n : 0n);
    const tipCap = maxFeePerGas < 1_000_000_000n ? maxFeePerGas : 1_000_000_000n;
    const maxPriorityFeePerGas = request.maxPriorityFeePerGas ?? (named ? tipCap : 0n);
    data = { ...base, type: 2, maxFeePerGas, maxPriorityFeePerGas, accessList };
  } else if (request.accessList !== undefined && common.isActivatedEIP(2930)) {
    data = { ...base, type: 1, gasPrice: request.gasPrice ?? 0n, accessList };
  } else {
    data = { ...base, type: 0, gasPrice: request.gasPrice ?? 0n };
  }
  const tx = createTx(data, { common, freeze: false });
  const sender = new Address(hexToBytes(from as `0x${string}`));
  // runTx asks the transaction for its sender; an unsigned message claims one.
  claimSender(tx, sender);
  return tx;
}

export function addressHex(address: Address | undefined): string | undefined {
  return address === undefined ? undefined : bytesToHex(address.bytes);
}
