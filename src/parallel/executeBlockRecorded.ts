/**
 * Executes a block's transactions in order, on this thread, through the parallel engine's
 * `executeIncarnation` (executeInOrder) over a multi-version memory, and keeps what each one
 * read and wrote: the block's execution and the facts of its conflict report from one run. A
 * devnet that records (DevnetOptions.recordAccess) mines its blocks this way instead of
 * executing each one twice.
 *
 * In order, no transaction ever meets an ESTIMATE, so each runs once (twice where a lazy
 * contract's debit was not covered); the outcomes and changes are the ones the engine assembles
 * for a block without conflicts (the same as the sequential executor's). Throws when a
 * transaction does what the engine does not model (a wipe of existing storage): the caller runs
 * the block with the sequential executor instead.
 */
import { Block } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import { GasProbe } from "../execution/gasProbe.js";
import { createExecutionContext } from "../execution/sequentialExecutor.js";
import type { BlockExecution, BlockInput, TxGasSeen, TxOutcome } from "../execution/types.js";
import { EMPTY_STATE } from "../state/StateReader.js";
import { changesFrom } from "./changesFrom.js";
import { executeInOrder, type IncarnationContext, trackEvmPhase } from "./executeIncarnation.js";
import { MultiVersionMemory } from "./MultiVersionMemory.js";
import type { LocationKey } from "./types.js";
import { VersionedState } from "./VersionedState.js";

/** What one transaction read and wrote, and how long it ran. */
export interface TxAccess {
  reads: LocationKey[];
  writes: LocationKey[];
  /** Wall-clock time of the transaction's execution, where it ran alone. */
  timeMs?: number;
}

export interface RecordedExecution extends BlockExecution {
  /** Per transaction of the input, in order (an invalid one read and wrote nothing). */
  access: TxAccess[];
}

/** Idle execution contexts by chain configuration: building a VM costs far more than reusing one. */
const idleContexts = new WeakMap<Common, IncarnationContext[]>();

/**
 * @example
 * const { outcomes, changes, access } = await executeBlockRecorded(input);
 * access[0].writes; // ["b0xf39f…", "n0xf39f…", …]
 */
export async function executeBlockRecorded(input: BlockInput): Promise<RecordedExecution> {
  const started = performance.now();
  const { header } = input;
  const ctx = await takeContext(header.common);
  const mv = new MultiVersionMemory();
  mv.preState = input.preState;
  try {
    ctx.versioned.retarget(mv, input.preState, header.coinbase.toString());
    ctx.execution.blockHashes.lookup = input.blockHashes ?? (() => undefined);
    ctx.execution.state.allowSendersWithCode = input.allowSendersWithCode === true;
    const block = new Block(header);
    const outcomes: TxOutcome[] = [];
    const access: TxAccess[] = [];
    const probe = input.watchGas === true ? GasProbe.of(ctx.execution) : undefined;
    const gas: (TxGasSeen | undefined)[] = [];
    let gasUsed = 0n;
    for (const [index, tx] of input.transactions.entries()) {
      const txStarted = performance.now();
      probe?.reset();
      const result = await executeInOrder(ctx, block, tx, index, mv);
      const timeMs = performance.now() - txStarted;
      if (result.kind === "unsupported") throw new Error(result.reason);
      if (result.kind === "dependency") {
        // Only ESTIMATE markers cause this, and an in-order run writes none.
        throw new Error(`transaction ${index} waited on ${result.blocker} in an in-order run`);
      }
      mv.record(index, 0, result.writes);
      const { outcome } = result;
      if (outcome.kind === "included") {
        gasUsed += outcome.gasUsed;
        outcome.receipt.cumulativeBlockGasUsed = gasUsed;
        gas[index] = probe && { ...probe.seen(), gasRefund: result.gasRefund };
      }
      outcomes.push(outcome);
      access.push({ reads: result.reads.keys, writes: result.writes.keys, timeMs });
    }
    return {
      outcomes,
      changes: changesFrom(mv, input.preState),
      gasUsed,
      elapsedMs: performance.now() - started,
      access,
      ...(probe === undefined ? {} : { gas }),
    };
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
