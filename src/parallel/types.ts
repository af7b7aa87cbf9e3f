/**
 * Vocabulary of the parallel engine (Block-STM): incarnations, versions, locations, read and
 * write logs. The block's input and output (BlockInput, BlockExecution) belong to the layer
 * below, `src/execution/types.ts`, shared with the sequential executor.
 */
import type { TxIndex } from "../execution/types.js";

export type { TxIndex };

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
