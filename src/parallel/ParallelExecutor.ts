/**
 * ParallelExecutor: Block-STM over worker threads. The coordinator (this class, on the calling
 * thread) keeps the worker pool and the workers' replicas of the pre-block state (ReplicaSync)
 * between blocks, and runs each block as a BlockRun: it owns the multi-version memory and the
 * scheduler, hands out chunks, validates and re-runs until every transaction is executed and
 * valid. The result equals sequential execution, or the block is run sequentially: on any
 * worker failure, on a timeout, or on what the engine does not model.
 *
 * `threads` counts the calling thread: N threads are N - 1 workers and the coordinator, which
 * executes chunks too, between handling the workers' answers, directly over the authoritative
 * memory (no messages, no transaction decoding, its VM warm). Coordinating alone left a core
 * mostly idle: on 2 cores, a coordinator and two workers made three busy threads, and the
 * workers' garbage collection lost the spare core it has when one thread runs alone.
 */

import type { Common } from "@ethereumjs/common";
import type { TypedTransaction } from "@ethereumjs/tx";
import { keccak256 } from "../crypto/nativeCrypto.js";
import { hasClaimedSender } from "../execution/internals/claimSender.js";
import { cachedSenderPublicKey } from "../execution/internals/senderPublicKey.js";
import {
  createExecutionContext,
  type ExecutionContext,
  executeBlockSequential,
} from "../execution/sequentialExecutor.js";
import type { BlockExecution, BlockInput } from "../execution/types.js";
import { hexOf } from "../state/hexOf.js";
import type { BlockChange } from "../state/JournaledState.js";
import { BlockNotModelled } from "./BlockNotModelled.js";
import { BlockRun } from "./BlockRun.js";
import { type IncarnationContext, trackEvmPhase } from "./executeIncarnation.js";
import { type InOrderReason, inOrderReason, MIN_CODE_SHARE, MIN_CODE_TRANSACTIONS } from "./inOrderReason.js";
import { MultiVersionMemory } from "./MultiVersionMemory.js";
import { ReplicaSync } from "./ReplicaSync.js";
import type { BlockAccessList } from "./report/BlockAccessList.js";
import type { LocationKey } from "./types.js";
import { VersionedState } from "./VersionedState.js";
import { WorkerPool } from "./WorkerPool.js";

export interface ParallelExecutorOptions {
  threads: number;
  /** A block whose workers report nothing for this long runs sequentially. */
  stallTimeoutMs?: number;
  /** See BlockRunOptions.maxReExecutions. */
  maxReExecutions?: number;
  /**
   * A block where fewer of its transactions run contract code runs in order (inOrderReason);
   * MIN_CODE_SHARE by default, 0 to run every block of several senders on the engine.
   */
  minCodeShare?: number;
  /** A block where fewer of its transactions run code runs in order; MIN_CODE_TRANSACTIONS by default. */
  minCodeTransactions?: number;
}

/** What the parallel run learned, per transaction, for the conflict report. */
export interface ParallelDetails {
  threads: number;
  /** Executions per transaction (1 = no re-execution). */
  incarnations: number[];
  reads: LocationKey[][];
  writes: LocationKey[][];
  reExecutions: number;
  /**
   * The block's EIP-7928 access list, from the final incarnations' reads and writes; built when
   * first read, and absent where the run has no read and write sets (a fallback, a sequential tail).
   */
  accessList?: BlockAccessList;
  /** Why the block ran sequentially instead, if it did. */
  fellBack?: string;
  /** Why the engine ran the block in order on the calling thread from the start, if it did. */
  inOrder?: InOrderReason;
}

export class ParallelExecutor {
  private readonly pool: WorkerPool;
  private readonly threadCount: number;
  private readonly stallTimeoutMs: number;
  private readonly maxReExecutions: number | undefined;
  private readonly minCodeShare: number;
  private readonly minCodeTransactions: number;
  private readonly replicas = new ReplicaSync();
  /** This thread's execution contexts (its chunks and sequential tails), by chain and fork. */
  private readonly localContexts = new Map<string, IncarnationContext>();
  /** Blocks run on the engine so far: each block's number among them (see BlockRun: stale answers). */
  private runs = 0;
  /** Sequential execution contexts for blocks the engine gave up, by chain and fork. */
  private readonly fallbackContexts = new Map<string, ExecutionContext>();
  /** The rehearsal in progress (see rehearse). */
  private rehearsal: { run: BlockRun; done: Promise<void> } | undefined;
  /**
   * Stops asked for (stopRehearsal, or a rehearsal that ends the one before): a rehearsal that
   * sees a stop after it began does not run, or says it was stopped.
   */
  private rehearsalStops = 0;
  /**
   * [0]: bumped whenever the calling thread's load changes; [1]: the work it has in hand. The
   * workers' warm-up pauses while either says it is busy (see noteActivity).
   */
  private readonly activity = new Int32Array(new SharedArrayBuffer(8));

  constructor(options: ParallelExecutorOptions) {
    this.threadCount = Math.max(1, options.threads);
    this.pool = new WorkerPool(this.threadCount - 1);
    this.stallTimeoutMs = options.stallTimeoutMs ?? 30_000;
    this.maxReExecutions = options.maxReExecutions;
    this.minCodeShare = options.minCodeShare ?? MIN_CODE_SHARE;
    this.minCodeTransactions = options.minCodeTransactions ?? MIN_CODE_TRANSACTIONS;
  }

  /** Executing threads: the workers and the calling thread. */
  get threads(): number {
    return this.threadCount;
  }

  /**
   * Tells the executor the pre-block state from scratch; `source` is kept to resend it to
   * replaced workers.
   */
  resetState(source: () => BlockChange[], lazy = false): void {
    this.replicas.reset(source, lazy);
  }

  /** Tells the executor a block was committed on top of the state it knows. */
  applyChanges(changes: BlockChange[]): void {
    this.replicas.apply(changes);
  }

  /**
   * Starts the workers, sends them the state, and has them build their execution context for
   * `common`'s chain, ahead of the first block (which otherwise pays for it: module loading, VM
   * creation). Returns at once; the workers do it in the background. `compileMs`: then each
   * worker runs synthetic transactions for up to that long, or until its first block, so that
   * the first blocks do not run on cold code (see warmUpIncarnations). `holdBack`: see syncWorkers.
   */
  warmUp(common: Common, compileMs?: number, holdBack?: BlockChange[]): void {
    this.syncWorkers(holdBack);
    this.pool.broadcast({
      type: "prepare",
      chainId: common.chainId(),
      hardfork: common.hardfork(),
      ...(compileMs === undefined ? {} : { warmUpMs: compileMs, activity: this.activity }),
    });
  }

  /**
   * The workers run, their contexts built and their warm-up over (see warmUp): a block now runs
   * on compiled code. Always true on one thread.
   */
  get warm(): boolean {
    return this.pool.size === 0 || this.pool.warm;
  }

  /**
   * The calling thread has `inHand` pieces of work of its own (a devnet's requests): the workers'
   * warm-up pauses while it has any, and for a moment after it had some.
   */
  noteActivity(inHand: number): void {
    Atomics.store(this.activity, 1, inHand);
    Atomics.add(this.activity, 0, 1);
  }

  /**
   * warmUp, resolving once every worker has its replica of the state and its execution context:
   * where a long-running devnet's workers stand between blocks. Rejects when a worker fails.
   */
  async settle(common: Common): Promise<void> {
    this.warmUp(common);
    const waiting = new Set(Array.from({ length: this.pool.size }, (_, id) => id));
    if (waiting.size === 0) return;
    await new Promise<void>((resolve, reject) => {
      // Also what keeps the process alive meanwhile: the workers do not.
      const timer = setTimeout(
        () => done(new Error("the workers did not settle in time")),
        this.stallTimeoutMs,
      );
      const done = (error?: Error) => {
        clearTimeout(timer);
        this.pool.detach();
        if (error === undefined) resolve();
        else reject(error);
      };
      this.pool.attach((worker, message) => {
        if (message.type !== "settled") return;
        waiting.delete(worker);
        if (waiting.size === 0) done();
      }, done);
      this.pool.broadcast({ type: "settle" });
    });
  }

  /**
   * Brings the workers' replicas of the pre-block state up to date (see ReplicaSync); short of
   * `holdBack`, when it is the latest committed block's changes.
   */
  private syncWorkers(holdBack?: BlockChange[]): void {
    const restarted = this.pool.start();
    const sync = this.replicas.next(restarted, this.pool.generation, holdBack);
    if (sync !== undefined) this.pool.broadcast(sync);
  }

  /**
   * Runs again, on the engine, a block already executed and committed, whose changes were the
   * latest given to applyChanges (`changes`), over `input.preState`, the state before it: the
   * workers stay on its pre-state and its changes stay pending for the next block. The run's
   * result is dropped; its time is what it is for. A devnet does it while idle, for the engine to
   * compile what its own blocks run and to measure it on them at no cost to them (see
   * BlockExecutorChoice). Resolves to the run's milliseconds and gas used (which a sound
   * rehearsal shares with the block); "stopped" when stopRehearsal stopped it; undefined when
   * the engine would not run the block (in order, its workers restarted since) or the run failed.
   */
  async rehearse(
    input: BlockInput,
    changes: BlockChange[],
  ): Promise<{ ms: number; gasUsed: bigint } | "stopped" | undefined> {
    const stops = ++this.rehearsalStops; // ends one in progress, as stopRehearsal does
    await this.endRehearsal();
    if (this.pool.size === 0) return undefined;
    if (inOrderReason(input, this.minCodeShare, this.minCodeTransactions) !== undefined) return undefined;
    const restarted = this.pool.start();
    if (!this.replicas.canHoldBack(changes, restarted, this.pool.generation)) return undefined;
    const started = performance.now();
    const mv = new MultiVersionMemory();
    mv.preState = input.preState;
    const local = await this.localContext(input, mv);
    if (this.rehearsalStops !== stops) return "stopped";
    this.syncWorkers(changes);
    const run = this.newRun(input, mv, local);
    const done = run.execute().then(
      (execution) => ({ ms: performance.now() - started, gasUsed: execution.gasUsed }),
      // Ended by a stop (or by the next rehearsal) where a stop came since it began.
      () => (this.rehearsalStops !== stops ? ("stopped" as const) : undefined),
    );
    this.rehearsal = { run, done: done.then(() => run.stopped()) };
    try {
      return await done;
    } finally {
      await run.stopped();
      this.rehearsal = undefined;
    }
  }

  /** Stops a rehearsal in progress, resolving once this thread runs nothing of it. */
  async stopRehearsal(): Promise<void> {
    this.rehearsalStops++;
    await this.endRehearsal();
  }

  private async endRehearsal(): Promise<void> {
    const rehearsal = this.rehearsal;
    if (rehearsal === undefined) return;
    rehearsal.run.abort(new Error("rehearsal stopped"));
    await rehearsal.done;
  }

  async execute(
    input: BlockInput,
    hooks: { onStart?: (pool: WorkerPool) => void } = {},
  ): Promise<BlockExecution & { parallel: ParallelDetails }> {
    await this.stopRehearsal();
    const started = performance.now();
    try {
      const result = await this.run(input, hooks);
      return { ...result, elapsedMs: performance.now() - started };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // A fault of the workers (a crash, a stall): start fresh ones next time. A block the engine
      // does not model leaves them sound, its stale answers told apart by the run's number.
      if (!(error instanceof BlockNotModelled)) await this.pool.close();
      const sequential = await executeBlockSequential(input, await this.fallbackContext(input));
      return {
        ...sequential,
        elapsedMs: performance.now() - started,
        parallel: {
          threads: this.threadCount,
          incarnations: sequential.outcomes.map(() => 1),
          reads: [],
          writes: [],
          reExecutions: 0,
          fellBack: reason,
        },
      };
    }
  }

  private async run(
    input: BlockInput,
    hooks: { onStart?: (pool: WorkerPool) => void },
  ): Promise<BlockExecution & { parallel: ParallelDetails }> {
    this.syncWorkers();
    const mv = new MultiVersionMemory();
    mv.preState = input.preState;
    // A payout, mostly plain transfers or a handful of calls: in order, on a warm VM of this
    // thread's, without the engine's set-up (which cost mainnet payouts of 380-1,414 transfers
    // 5-20% over sequential), plain transfers applied directly (plainTransfer.ts). Not the
    // engine's own VM, whose CALL, BALANCE and runCall are wrapped for its runs.
    const inOrder =
      this.pool.size > 0 ? inOrderReason(input, this.minCodeShare, this.minCodeTransactions) : undefined;
    if (inOrder !== undefined) {
      const execution = await executeBlockSequential(input, await this.fallbackContext(input), {
        plainTransfers: true,
      });
      return {
        ...execution,
        parallel: {
          threads: this.threadCount,
          incarnations: execution.outcomes.map(() => 1),
          reads: [],
          writes: [],
          reExecutions: 0,
          inOrder,
        },
      };
    }
    const run = this.newRun(input, mv, await this.localContext(input, mv));
    hooks.onStart?.(this.pool);
    return run.execute();
  }

  /**
   * A run of `input` on the engine, told to the workers (none on one thread: the calling thread
   * runs it all), with this thread's context over `mv`.
   */
  private newRun(input: BlockInput, mv: MultiVersionMemory, local: IncarnationContext): BlockRun {
    const runNumber = ++this.runs;
    if (this.pool.size > 0) this.announce(input, runNumber);
    return new BlockRun(input, this.pool, local, mv, {
      threads: this.threadCount,
      stallTimeoutMs: this.stallTimeoutMs,
      run: runNumber,
      knownSender,
      ...(this.maxReExecutions === undefined ? {} : { maxReExecutions: this.maxReExecutions }),
    });
  }

  /** Tells the workers the block they are about to run transactions of. */
  private announce(input: BlockInput, run: number): void {
    const { header } = input;
    const blockHashes: [bigint, Uint8Array][] = [];
    if (input.blockHashes !== undefined) {
      for (let k = 1n; k <= 256n && header.number - k >= 0n; k++) {
        const hash = input.blockHashes(header.number - k);
        if (hash !== undefined) blockHashes.push([header.number - k, hash]);
      }
    }
    this.pool.broadcast({
      type: "block",
      run,
      chainId: header.common.chainId(),
      hardfork: header.common.hardfork(),
      header: header.serialize(),
      count: input.transactions.length,
      blockHashes,
      allowSendersWithCode: input.allowSendersWithCode === true,
    });
  }

  /**
   * A VM for blocks the engine gave up, kept between them (building one costs several
   * milliseconds: mainnet 1796867, which the engine cannot model, took 2.4x its sequential time).
   * Not the local context, whose VM an abandoned chunk may still be running.
   */
  private async fallbackContext(input: BlockInput): Promise<ExecutionContext> {
    const { common } = input.header;
    const key = configurationOf(common);
    let context = this.fallbackContexts.get(key);
    if (context === undefined) {
      context = await createExecutionContext(common);
      this.fallbackContexts.set(key, context);
    }
    return context;
  }

  /** This thread's execution context, over `mv` and the block's pre-state. */
  private async localContext(input: BlockInput, mv: MultiVersionMemory): Promise<IncarnationContext> {
    const { header } = input;
    const key = configurationOf(header.common);
    let ctx = this.localContexts.get(key);
    if (ctx === undefined) {
      const execution = await createExecutionContext(header.common);
      const versioned = new VersionedState(mv, input.preState, "");
      trackEvmPhase(execution, versioned);
      ctx = { execution, versioned };
      this.localContexts.set(key, ctx);
    }
    ctx.versioned.retarget(mv, input.preState, header.coinbase.toString());
    ctx.execution.blockHashes.lookup = input.blockHashes ?? (() => undefined);
    ctx.execution.state.allowSendersWithCode = input.allowSendersWithCode === true;
    return ctx;
  }

  /** The pool, for tests that crash a worker. */
  get workers(): WorkerPool {
    return this.pool;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/**
 * The sender of a transaction whose sender is already known — claimed (recovered on admission,
 * impersonated) or its public key cached — else null, and the worker recovers it.
 */
function knownSender(tx: TypedTransaction): string | null {
  if (hasClaimedSender(tx)) return hexOf(tx.getSenderAddress().bytes);
  const publicKey = cachedSenderPublicKey(tx);
  return publicKey === undefined ? null : hexOf(keccak256(publicKey).subarray(12));
}

/** The key of a chain's execution contexts: its chain id and hardfork. */
function configurationOf(common: Common): string {
  return `${common.chainId()}:${common.hardfork()}`;
}
