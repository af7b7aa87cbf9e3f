/**
 * Runs a block's transactions in order, on this thread, recording what each one read and wrote
 * and how long it took: the facts of a conflict report for a block that was not run in parallel
 * (or whose parallel run fell back). Each transaction runs through the same
 * `executeIncarnation` as the parallel engine (executeInOrder), over a multi-version memory
 * holding the writes of the transactions before it, so its read and write sets are exactly the
 * ones Block-STM would validate (lazy fee-recipient credits and contract balances included).
 */
import { Block } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import { createExecutionContext } from "../../execution/sequentialExecutor.js";
import type { BlockInput, TxOutcome } from "../../execution/types.js";
import { EMPTY_STATE } from "../../state/StateReader.js";
import { executeInOrder, type IncarnationContext, trackEvmPhase } from "../executeIncarnation.js";
import { MultiVersionMemory } from "../MultiVersionMemory.js";
import type { LocationKey, WriteLog } from "../types.js";
import { VersionedState } from "../VersionedState.js";

export interface RecordedTransaction {
  reads: LocationKey[];
  writes: LocationKey[];
  /** The written values too, `writes[i]` = `written.values[i]` (block access lists). */
  written: WriteLog;
  outcome: TxOutcome;
  /** Wall-clock time of the transaction's execution. */
  timeMs: number;
}

/** Idle execution contexts by chain configuration: building a VM costs far more than reusing one. */
const idleContexts = new WeakMap<Common, IncarnationContext[]>();

/**
 * Executes `input`'s transactions in order and returns, per transaction, its read and write sets
 * and its time. `block` is the block to run them in (built from the header when not given).
 * Throws when a transaction does what the engine does not model (a wipe of existing storage).
 */
export async function recordBlock(input: BlockInput, block?: Block): Promise<RecordedTransaction[]> {
  const { header } = input;
  const ctx = await takeContext(header.common);
  const mv = new MultiVersionMemory();
  mv.preState = input.preState;
  try {
    ctx.versioned.retarget(mv, input.preState, header.coinbase.toString());
    ctx.execution.blockHashes.lookup = input.blockHashes ?? (() => undefined);
    ctx.execution.state.allowSendersWithCode = input.allowSendersWithCode === true;
    const runIn = block ?? new Block(header);
    const recorded: RecordedTransaction[] = [];
    for (const [index, tx] of input.transactions.entries()) {
      const started = performance.now();
      const result = await executeInOrder(ctx, runIn, tx, index, mv, { recordWipes: true });
      const timeMs = performance.now() - started;
      if (result.kind === "unsupported") throw new Error(`cannot record the block: ${result.reason}`);
      if (result.kind === "dependency") {
        // Only ESTIMATE markers cause this, and an in-order run writes none.
        throw new Error(`cannot record the block: transaction ${index} waited on ${result.blocker}`);
      }
      mv.record(index, 0, result.writes);
      recorded.push({
        reads: result.reads.keys,
        writes: result.writes.keys,
        written: result.writes,
        outcome: result.outcome,
        timeMs,
      });
    }
    return recorded;
  } finally {
    // Keep no reference to the block's state in the idle context.
    ctx.versioned.retarget(new MultiVersionMemory(), EMPTY_STATE, "");
    ctx.execution.state.reset(EMPTY_STATE);
    ctx.execution.blockHashes.lookup = () => undefined;
    releaseContext(header.common, ctx);
  }
}

async function takeContext(common: Common): Promise<IncarnationContext> {
  const idle = idleContexts.get(common)?.pop();
  if (idle !== undefined) return idle;
  const execution = await createExecutionContext(common);
  const versioned = new VersionedState(new MultiVersionMemory(), EMPTY_STATE, "");
  trackEvmPhase(execution, versioned);
  return { execution, versioned };
}

function releaseContext(common: Common, ctx: IncarnationContext): void {
  const idle = idleContexts.get(common) ?? [];
  idle.push(ctx);
  idleContexts.set(common, idle);
}
