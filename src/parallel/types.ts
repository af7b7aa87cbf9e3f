/**
 * Vocabulary of block execution, shared by the sequential executor (the oracle) and the
 * parallel one. Both take a BlockInput and return a BlockExecution; for any input the two
 * return the same receipts, logs and state changes, byte for byte.
 */
import type { BlockHeader } from "@ethereumjs/block";
import type { Log } from "@ethereumjs/evm";
import type { TypedTransaction } from "@ethereumjs/tx";
import type { TxReceipt } from "@ethereumjs/vm";
import type { BlockChange } from "../devnet/state/JournaledState.js";
import type { StateReader } from "../devnet/state/StateReader.js";

/** Position of a transaction in its block. */
export type TxIndex = number;

/**
 * How many times a transaction has been (re-)executed in this block, from 0.
 *
 * The life of a transaction in the parallel engine (Block-STM):
 *
 *   READY(k) --dispatch--> EXECUTING(k) --result--> EXECUTED(k) --validation fails--> READY(k+1)
 *                               |
 *                               +--reads an ESTIMATE of tx j--> waits for j --> READY(k+1)
 *
 * A transaction is done when it is EXECUTED and every read it made still sees the same version.
 */
export type Incarnation = number;

/**
 * Who wrote the value a read saw, as one number: the writer's index × 2^21 + its incarnation
 * (no string to build for every read), or PRE_STATE for the pre-block state. The fee
 * recipient's folded balance has a string version: "f" and the entries folded.
 */
export type Version = number | string;
export const PRE_STATE = -1;
/** Incarnations per index in a Version: far beyond what a block re-executes. */
export const INCARNATIONS_PER_TX = 2 ** 21;

/**
 * A piece of state the engine tracks: an account's balance, nonce, code, or one storage slot.
 * Encoded as a string key (see locations.ts) so it can key Maps and cross thread boundaries.
 */
export type LocationKey = string;

/**
 * The locations an incarnation read, each once, with the version each read saw: `keys[i]` at
 * `versions[i]`. Two flat arrays rather than pairs: a block keeps one per transaction until it
 * is done, and workers post them, so fewer objects mean less to copy and collect.
 */
export interface ReadLog {
  readonly keys: LocationKey[];
  readonly versions: Version[];
}

/** A location's number within one block's multi-version memory (see MultiVersionMemory). */
export type LocationId = number;

/** A ReadLog as the coordinator keeps it: `locations[i]` (ids, not keys) at `versions[i]`. */
export interface InternedReadLog {
  readonly locations: readonly LocationId[];
  readonly versions: readonly Version[];
}

/** The values an incarnation wrote (see locations.ts for the value types): `keys[i]` = `values[i]`. */
export interface WriteLog {
  readonly keys: LocationKey[];
  readonly values: unknown[];
}

export interface BlockInput {
  /** Header of the block being executed (its state root, receipts root... are not used). */
  header: BlockHeader;
  transactions: readonly TypedTransaction[];
  /** The state before the block. */
  preState: StateReader;
  /** Hashes of earlier blocks for BLOCKHASH; undefined answers zero. */
  blockHashes?: (number: bigint) => Uint8Array | undefined;
  /**
   * Senders where already known (lowercase). The parallel engine runs a sender's transactions
   * in nonce order instead of discovering each time that the next one conflicts.
   */
  senders?: readonly (string | undefined)[];
  /**
   * Accept transactions whose sender has code (EIP-3607 off), as anvil and Hardhat do on a
   * devnet so that impersonated contracts can send. Off by default: real blocks keep the rule.
   */
  allowSendersWithCode?: boolean;
}

/** What happened to one transaction. */
export type TxOutcome =
  | {
      kind: "included";
      index: TxIndex;
      /** Gas charged to the sender (after refunds). */
      gasUsed: bigint;
      receipt: TxReceipt;
      logs: Log[];
      /** Set when the transaction created a contract. */
      contractAddress: string | undefined;
      /** Return data (or revert data) of the top-level call. */
      returnValue: Uint8Array;
      /** The EVM error name when the transaction failed (reverted, out of gas...). */
      error: string | undefined;
      /** The fee recipient's share of the fee. */
      minerValue: bigint;
    }
  | {
      /** Not valid at its place in the block (nonce, balance, fee cap...): no effect on state. */
      kind: "invalid";
      index: TxIndex;
      reason: string;
    };

export interface BlockExecution {
  outcomes: TxOutcome[];
  /** What the block changed, per account. */
  changes: BlockChange[];
  /** Sum of the included transactions' gas. */
  gasUsed: bigint;
  /** Wall-clock time of the execution, in milliseconds. */
  elapsedMs: number;
}
