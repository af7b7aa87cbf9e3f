/**
 * What the chain stores about mined blocks, in the shapes the JSON-RPC layer serves.
 */
import type { Block } from "@ethereumjs/block";
import type { TypedTransaction } from "@ethereumjs/tx";

export interface StoredLog {
  address: string;
  topics: string[];
  data: string;
  /** Position of the log in its block. */
  logIndex: number;
}

export interface StoredReceipt {
  transactionHash: string;
  transactionIndex: number;
  from: string;
  to: string | null;
  contractAddress: string | null;
  gasUsed: bigint;
  cumulativeGasUsed: bigint;
  effectiveGasPrice: bigint;
  status: 0 | 1;
  logs: StoredLog[];
  logsBloom: string;
  type: number;
  blobGasUsed?: bigint;
  blobGasPrice?: bigint;
  /** Pre-Byzantium receipts carry a state root instead of a status. */
  root?: string;
  /** Return or revert data of the top-level call (for revert reasons in traces and errors). */
  returnValue: Uint8Array;
  /** The EVM error when the transaction failed. */
  error: string | undefined;
}

/** A mined block with its receipts. */
export interface MinedBlock {
  block: Block;
  hash: string;
  number: bigint;
  receipts: StoredReceipt[];
  /** Senders of `block.transactions`, in order. */
  senders: string[];
}

/** Where a mined transaction is. */
export interface TxLocation {
  blockNumber: bigint;
  index: number;
}

export type { Block, TypedTransaction };
