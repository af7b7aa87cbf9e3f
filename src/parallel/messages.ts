/** What the coordinator and the workers say to each other (all structured-clone friendly). */
import type { BlockChange } from "../state/JournaledState.js";
import type { IncarnationResult } from "./executeIncarnation.js";
import type { PackedTransactions } from "./PackedTransactions.js";
import type { LocationKey, TxIndex, WriteLog } from "./types.js";

/**
 * An update of a worker's mirror of the multi-version memory, applied in order: an incarnation's
 * writes ("w"), its abort ("e": its writes become ESTIMATEs), or every entry of one location
 * ("k", when the location becomes shared: see MirrorFeed).
 */
export type MvOp = ["w", TxIndex, number, WriteLog] | ["e", TxIndex] | ["k", LocationKey, EntryRecord[]];

/** One entry of a location: transaction, incarnation, value, ESTIMATE. */
export type EntryRecord = [TxIndex, number, unknown, boolean];

export type ToWorker =
  /** Replace the pre-block state replica; `lazy`: a forked chain's, which throws for unknown keys. */
  | { type: "state-reset"; changes: BlockChange[]; lazy: boolean }
  /** Apply committed blocks' changes to the replica. */
  | { type: "state-apply"; changes: BlockChange[][] }
  /** Answer "settled" once everything sent before is done (see ParallelExecutor.settle). */
  | { type: "settle" }
  /**
   * Build the execution context of a chain ahead of its first block, then answer "warm";
   * `warmUpMs`: first compile the hot paths with synthetic work for that long
   * (warmUpIncarnations), until a block arrives. `activity`: a counter the coordinator's thread
   * bumps whenever it has work of its own; the synthetic work pauses while it moves.
   */
  | { type: "prepare"; chainId: bigint; hardfork: string; warmUpMs?: number; activity?: Int32Array }
  | {
      type: "block";
      /** The run this block is, echoed in every answer to it (see BlockRun: stale answers). */
      run: number;
      chainId: bigint;
      hardfork: string;
      /** RLP of the header the transactions run under. */
      header: Uint8Array;
      /** How many transactions the block has (each comes with the first task that holds it). */
      count: number;
      blockHashes: [bigint, Uint8Array][];
      /** See BlockInput.allowSendersWithCode. */
      allowSendersWithCode: boolean;
    }
  /**
   * Memory updates, then (optionally) transactions to execute in order, with those of them this
   * worker has not been sent yet.
   */
  | { type: "sync"; ops: MvOp[]; task?: [TxIndex, number][]; transactions?: TaskTransactions | undefined };

/**
 * Transactions a task brings: raw bytes and, where already known (recovered on admission,
 * impersonated), the sender; null: the worker recovers it. Sent with the first task that holds
 * them rather than all with the block, so that a worker starts on its first chunk at once.
 */
export type TaskTransactions = {
  indices: TxIndex[];
  raw: PackedTransactions;
  senders: (string | null)[];
  /** The indices whose sender is read lazily (see lazySenders.ts). */
  lazySenders: TxIndex[];
};

/** An incarnation's result as a worker sends it: a done one's outcome is where it lies in `outcomes`. */
export type WorkerResult =
  | (Omit<Extract<IncarnationResult, { kind: "done" }>, "outcome"> & { outcome: number })
  | Exclude<IncarnationResult, { kind: "done" }>
  | { kind: "skipped"; tx: TxIndex; incarnation: number };

export type FromWorker =
  /** A chunk's results, and their outcomes as bytes (see outcomeCodec.ts). */
  | { type: "results"; run: number; results: WorkerResult[]; outcomes: Uint8Array }
  | { type: "failed"; error: string }
  | { type: "settled" }
  /** The worker's context is built and its warm-up, if asked for, is over (see "prepare"). */
  | { type: "warm" };

/** What a block run hears of the workers: "warm" is the pool's own (WorkerPool.warm). */
export type WorkerAnswer = Exclude<FromWorker, { type: "warm" }>;
