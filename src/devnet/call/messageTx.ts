/**
 * A transaction built from an RPC request object (eth_call, eth_estimateGas, eth_sendTransaction
 * from an impersonated account): unsigned, with the sender it claims, so ethereumjs' runTx can
 * execute it with all the gas accounting of a real transaction (intrinsic gas, refunds, floors).
 */
import type { Common } from "@ethereumjs/common";
import { createTx, type TypedTransaction, type TypedTxData } from "@ethereumjs/tx";
import {
  Address,
  bigIntToUnpaddedBytes,
  bytesToHex,
  type EOACode7702AuthorizationListBytes,
  hexToBytes,
} from "@ethereumjs/util";
import { InvalidParamsError } from "../../errors/DevnetError.js";
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
  /** EIP-7702: makes the message a set-code transaction. */
  authorizationList?: Authorization[];
  type?: number;
}

/** One signed EIP-7702 authorization: `authority` delegates its code to `address`. */
export interface Authorization {
  chainId: bigint;
  address: string;
  nonce: bigint;
  yParity: bigint;
  r: bigint;
  s: bigint;
}

/** An authorization list in the byte form ethereumjs' type-4 transactions take. */
export function authorizationBytes(list: readonly Authorization[]): EOACode7702AuthorizationListBytes {
  return list.map((item) => [
    bigIntToUnpaddedBytes(item.chainId),
    hexToBytes(item.address as `0x${string}`),
    bigIntToUnpaddedBytes(item.nonce),
    bigIntToUnpaddedBytes(item.yParity),
    bigIntToUnpaddedBytes(item.r),
    bigIntToUnpaddedBytes(item.s),
  ]);
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
  const setCode = request.authorizationList !== undefined && common.isActivatedEIP(7702);
  if (setCode && request.to === undefined) {
    throw new InvalidParamsError("a transaction with an authorization list cannot create a contract");
  }
  const dynamic =
    setCode ||
    (common.isActivatedEIP(1559) &&
      request.gasPrice === undefined &&
      (request.type === undefined || request.type === 2 || request.maxFeePerGas !== undefined));
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
    data = setCode
      ? {
          ...base,
          type: 4,
          maxFeePerGas,
          maxPriorityFeePerGas,
          accessList,
          authorizationList: authorizationBytes(request.authorizationList ?? []),
        }
      : { ...base, type: 2, maxFeePerGas, maxPriorityFeePerGas, accessList };
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
