/**
 * Vocabulary of block execution, shared by the sequential executor (the oracle) and the
 * parallel one. Both take a BlockInput and return a BlockExecution; for any input the two
 * return the same receipts, logs and state changes, byte for byte.
 */
import type { BlockHeader } from "@ethereumjs/block";
import type { Log } from "@ethereumjs/evm";
import type { TypedTransaction } from "@ethereumjs/tx";
import type { TxReceipt } from "@ethereumjs/vm";
import type { BlockChange } from "../state/JournaledState.js";
import type { StateReader } from "../state/StateReader.js";
import type { GasSeen } from "./gasProbe.js";

/** Position of a transaction in its block. */
export type TxIndex = number;

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
  /**
   * Watch each transaction's gas (gasProbe.ts) and report it (BlockExecution.gas): how a devnet
   * finds the least gas a transaction it mines at the block's gas limit needs. In-order
   * executors only.
   */
  watchGas?: boolean;
}

/** What a run showed of its gas (see BlockInput.watchGas). */
export interface TxGasSeen extends GasSeen {
  /** The refund the run earned, before its cap. */
  gasRefund: bigint;
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
  /**
   * How many transactions were applied as plain transfers, without the EVM (plainTransfer.ts):
   * set by an executor that may do so.
   */
  plainTransfers?: number;
  /** With BlockInput.watchGas, per transaction (undefined for an invalid one). */
  gas?: (TxGasSeen | undefined)[];
}
