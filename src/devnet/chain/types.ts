/**
 * What the chain stores about mined blocks, in the shapes the JSON-RPC layer serves.
 */
import type { Block } from "@ethereumjs/block";
import type { TypedTransaction } from "@ethereumjs/tx";
import type { TxAccess } from "../../parallel/executeBlockRecorded.js";

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

/**
 * How a block was executed, for the devnet's log: sequentially (by choice, or after the parallel
 * engine failed), or on the engine, with its speedup over the devnet's recent sequential rate
 * for blocks of that size when it has one.
 */
export type BlockRunSummary =
  | { executor: "sequential"; fellBack?: string }
  | { executor: "parallel"; threads: number; speedup?: number };

/** A mined block with its receipts. */
export interface MinedBlock {
  block: Block;
  hash: string;
  number: bigint;
  receipts: StoredReceipt[];
  /** Senders of `block.transactions`, in order. */
  senders: string[];
  /** How the block was executed; absent for blocks not built here (genesis, loaded, reserved). */
  ran?: BlockRunSummary;
  /** Milliseconds its execution took, when `ran` is set. */
  executionMs?: number;
  /** What each transaction read and wrote, where the devnet recorded it while mining. */
  access?: TxAccess[];
}

/** Where a mined transaction is. */
export interface TxLocation {
  blockNumber: bigint;
  index: number;
}

export type { Block, TypedTransaction };
