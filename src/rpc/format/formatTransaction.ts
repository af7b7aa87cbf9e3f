import type { AccessListBytes, TypedTransaction } from "@ethereumjs/tx";
import { isBlob4844Tx, isEOACode7702Tx, isLegacyTx } from "@ethereumjs/tx";
import {
  bytesToBigInt,
  bytesToHex,
  type EOACode7702AuthorizationListBytes,
  setLengthLeft,
} from "@ethereumjs/util";
import { effectiveGasPrice } from "../../devnet/block/BlockBuilder.js";
import type { MinedBlock } from "../../devnet/chain/types.js";
import type { PoolTx } from "../../devnet/txpool/TxPool.js";
import { toQuantity } from "./quantity.js";

/** Where a transaction sits: in a mined block, or (all block fields null) in the pool. */
export interface TxPlacement {
  /** Lowercase address of the signer. */
  sender: string;
  blockHash: string | null;
  blockNumber: bigint | null;
  index: number | null;
  /** Base fee of the block the transaction is in; undefined before London or while pending. */
  baseFee: bigint | undefined;
  blockTimestamp: bigint | null;
}

export interface RpcAccessListEntry {
  address: string;
  storageKeys: string[];
}

export interface RpcAuthorization {
  chainId: string;
  address: string;
  nonce: string;
  yParity: string;
  r: string;
  s: string;
}

/** A transaction as eth_getTransactionByHash serves it (anvil's fields). */
export interface RpcTransaction {
  type: string;
  chainId?: string;
  nonce: string;
  gas: string;
  gasPrice: string;
  maxFeePerGas?: string;
  maxPriorityFeePerGas?: string;
  to: string | null;
  value: string;
  accessList?: RpcAccessListEntry[];
  input: string;
  maxFeePerBlobGas?: string;
  blobVersionedHashes?: string[];
  authorizationList?: RpcAuthorization[];
  r: string;
  s: string;
  yParity?: string;
  v: string;
  hash: string;
  blockHash: string | null;
  blockNumber: string | null;
  transactionIndex: string | null;
  from: string;
  /** Present once mined. */
  blockTimestamp?: string;
}

/**
 * The JSON of a transaction. `gasPrice` is what the sender pays per gas: the legacy gas price,
 * or for fee-market transactions the effective price once mined and the fee cap while pending.
 * @example formatTransaction(tx, { sender, blockHash: null, blockNumber: null, index: null, baseFee: undefined, blockTimestamp: null })
 */
export function formatTransaction(tx: TypedTransaction, placement: TxPlacement): RpcTransaction {
  const chainId = isLegacyTx(tx) ? legacyChainId(tx.v) : tx.chainId;
  const mined = placement.blockHash !== null;
  let gasPrice: bigint;
  if (!("maxFeePerGas" in tx)) gasPrice = tx.gasPrice;
  else gasPrice = mined ? effectiveGasPrice(tx, placement.baseFee) : tx.maxFeePerGas;
  return {
    type: toQuantity(tx.type),
    ...(chainId === undefined ? {} : { chainId: toQuantity(chainId) }),
    nonce: toQuantity(tx.nonce),
    gas: toQuantity(tx.gasLimit),
    gasPrice: toQuantity(gasPrice),
    ...("maxFeePerGas" in tx
      ? {
          maxFeePerGas: toQuantity(tx.maxFeePerGas),
          maxPriorityFeePerGas: toQuantity(tx.maxPriorityFeePerGas),
        }
      : {}),
    to: tx.to?.toString() ?? null,
    value: toQuantity(tx.value),
    ...(isLegacyTx(tx) ? {} : { accessList: formatAccessList(tx.accessList) }),
    ...(isBlob4844Tx(tx)
      ? {
          maxFeePerBlobGas: toQuantity(tx.maxFeePerBlobGas),
          blobVersionedHashes: [...tx.blobVersionedHashes],
        }
      : {}),
    ...(isEOACode7702Tx(tx) ? { authorizationList: formatAuthorizationList(tx.authorizationList) } : {}),
    input: bytesToHex(tx.data),
    r: toQuantity(tx.r ?? 0n),
    s: toQuantity(tx.s ?? 0n),
    ...(isLegacyTx(tx) ? {} : { yParity: toQuantity(tx.v ?? 0n) }),
    v: toQuantity(tx.v ?? 0n),
    hash: bytesToHex(tx.hash()),
    blockHash: placement.blockHash,
    blockNumber: placement.blockNumber === null ? null : toQuantity(placement.blockNumber),
    transactionIndex: placement.index === null ? null : toQuantity(placement.index),
    from: placement.sender.toLowerCase(),
    ...(placement.blockTimestamp === null ? {} : { blockTimestamp: toQuantity(placement.blockTimestamp) }),
  };
}

/** The transaction at `index` of a mined block, or undefined when there is none. */
export function formatMinedTransaction(mined: MinedBlock, index: number): RpcTransaction | undefined {
  const tx = mined.block.transactions[index];
  const sender = mined.senders[index];
  if (tx === undefined || sender === undefined) return undefined;
  const header = mined.block.header;
  return formatTransaction(tx, {
    sender,
    blockHash: mined.hash,
    blockNumber: mined.number,
    index,
    baseFee: header.baseFeePerGas,
    blockTimestamp: header.timestamp,
  });
}

/** A transaction waiting in the pool: no block yet. */
export function formatPendingTransaction(entry: PoolTx): RpcTransaction {
  return formatTransaction(entry.tx, {
    sender: entry.sender,
    blockHash: null,
    blockNumber: null,
    index: null,
    baseFee: undefined,
    blockTimestamp: null,
  });
}

/** EIP-155: v = chainId * 2 + 35 + yParity; pre-EIP-155 signatures (v 27/28) carry no chain id. */
function legacyChainId(v: bigint | undefined): bigint | undefined {
  if (v === undefined || v < 35n) return undefined;
  return (v - 35n) / 2n;
}

function formatAuthorizationList(list: EOACode7702AuthorizationListBytes): RpcAuthorization[] {
  return list.map(([chainId, address, nonce, yParity, r, s]) => ({
    chainId: toQuantity(bytesToBigInt(chainId)),
    address: bytesToHex(setLengthLeft(address, 20)),
    nonce: toQuantity(bytesToBigInt(nonce)),
    yParity: toQuantity(bytesToBigInt(yParity)),
    r: toQuantity(bytesToBigInt(r)),
    s: toQuantity(bytesToBigInt(s)),
  }));
}

function formatAccessList(list: AccessListBytes): RpcAccessListEntry[] {
  return list.map(([address, keys]) => ({
    address: bytesToHex(setLengthLeft(address, 20)),
    storageKeys: keys.map((key) => bytesToHex(setLengthLeft(key, 32))),
  }));
}
