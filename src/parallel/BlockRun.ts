/**
 * BlockRun: one block on the parallel engine, the coordinator's side of Block-STM. It hands out
 * chunks of transactions to the workers and to this thread, records the writes they report,
 * tells each worker what its mirror needs (MirrorFeed: writes to locations some worker read
 * stale), validates reads in index order and re-runs what failed, until every transaction is
 * executed and valid. How much it hands out, and when the rest of the block runs sequentially
 * instead, is ChunkPolicy's call. Any failure (a worker's, no progress for too long, what the
 * engine does not model) rejects, and the executor runs the whole block sequentially.
 *
 * One instance per block: its state lives as long as the block does.
 */

import { Block } from "@ethereumjs/block";
import type { TypedTransaction } from "@ethereumjs/tx";
import { rawOf } from "../execution/rawTransaction.js";
import { executeBlockSequential } from "../execution/sequentialExecutor.js";
import type { BlockExecution, BlockInput, TxOutcome } from "../execution/types.js";
import { ChangesOverlay } from "../state/ChangesOverlay.js";
import type { BlockChange } from "../state/JournaledState.js";
import { BlockNotModelled } from "./BlockNotModelled.js";
import { BlockTargets } from "./BlockTargets.js";
import { ChunkPolicy, PIPELINE_DEPTH } from "./ChunkPolicy.js";
import { ContractProbes } from "./ContractProbes.js";
import { changesFrom } from "./changesFrom.js";
import { executeIncarnation, type IncarnationContext, type IncarnationResult } from "./executeIncarnation.js";
import { lazySenders } from "./lazySenders.js";
import { addressOfKey, balanceKey, nonceKey } from "./locations.js";
import { MirrorFeed } from "./MirrorFeed.js";
import type { MultiVersionMemory } from "./MultiVersionMemory.js";
import { mergeBlockChanges } from "./mergeBlockChanges.js";
import type { MvOp, TaskTransactions, WorkerAnswer, WorkerResult } from "./messages.js";
import { decodeOutcome, type EncodedOutcome } from "./outcomeCodec.js";
import { packTransactions } from "./PackedTransactions.js";
import type { ParallelDetails } from "./ParallelExecutor.js";
import { buildBlockAccessList } from "./report/BlockAccessList.js";
import { Scheduler } from "./Scheduler.js";
import { StallTimer } from "./StallTimer.js";
import type { InternedReadLog, TxIndex } from "./types.js";
import type { WorkerPool } from "./WorkerPool.js";

export interface BlockRunOptions {
  /** Executing threads: the pool's workers and this one. */
  threads: number;
  /** The block fails when no worker reports anything for this long. */
  stallTimeoutMs: number;
  /** Which run of the pool this block is: answers to an earlier one are ignored. */
  run: number;
  /** A transaction's sender when known without recovering it, else null (the worker recovers it). */
  knownSender: (tx: TypedTransaction) => string | null;
  /**
   * Re-executions after which the block is given up (and run sequentially): the stall timer
   * catches a run that stops, this one a run that never converges. Default: 8 per transaction
   * and 64 more, far above what contended blocks make (a hot counter: ~0.1 per transaction).
   */
  maxReExecutions?: number;
}

/** The end of a block that ran with the sequential executor (see runSequentialTail). */
interface SequentialTail {
  /** Its first transaction: every one below ran on the engine and validated. */
  first: TxIndex;
  outcomes: TxOutcome[];
  /** The whole block's changes. */
  changes: BlockChange[];
}

type ParallelExecution = BlockExecution & { parallel: ParallelDetails };

export class BlockRun {
  private readonly size: number;
  private readonly block: Block;
  private readonly scheduler: Scheduler;
  private readonly policy: ChunkPolicy;
  private readonly feed: MirrorFeed;
  /** A worker's outcomes stay encoded until the block is assembled (see outcomeCodec.ts). */
  private readonly outcomes: (TxOutcome | EncodedOutcome | undefined)[];
  /** Interned: location ids, not the keys the incarnations reported (see MultiVersionMemory). */
  private readonly reads: InternedReadLog[];
  /** The pool's workers; this thread is the scheduler's thread `workers`. */
  private readonly workers: number;
  /** Per worker, its chunks not answered yet (up to PIPELINE_DEPTH). */
  private readonly inFlight: number[];
  /** Per worker, per transaction: 1 once the worker has been sent the transaction. */
  private readonly sent: Uint8Array[];
  /** Per transaction: 1 when its sender is read lazily (see lazySenders.ts). */
  private readonly lazy: Uint8Array;
  /** This thread has a chunk of its own scheduled or running. */
  private localBusy = false;
  /** This thread's latest chunk, settled once it has stopped. */
  private localChunk: Promise<void> = Promise.resolve();
  private finished = false;
  private readonly stall: StallTimer;
  private resolve: ((execution: ParallelExecution) => void) | undefined;
  private reject: ((error: Error) => void) | undefined;

  /** `local`: this thread's execution context, over `mv` and the block's pre-state. */
  constructor(
    private readonly input: BlockInput,
    private readonly pool: WorkerPool,
    private readonly local: IncarnationContext,
    private readonly mv: MultiVersionMemory,
    private readonly options: BlockRunOptions,
  ) {
    const n = input.transactions.length;
    this.size = n;
    this.block = new Block(input.header);
    this.workers = pool.size;
    // Thread ids for the scheduler: the workers 0 to size - 1, then this thread.
    const targets = new BlockTargets(input);
    this.lazy = lazySenders(input, targets);
    this.scheduler = new Scheduler(
      n,
      input.senders ?? [],
      this.workers + 1,
      targets.targetOf,
      this.lazy,
      ContractProbes.forBlock(n, this.workers + 1, targets.targetOf, targets.hasCode),
      Float64Array.from(input.transactions, (tx) => Number(tx.gasLimit)),
    );
    this.policy = new ChunkPolicy(n, options.threads);
    // One thread owns three quarters of the block from the start (a few senders' chains, or a
    // contract most transactions call): the others would only wait, and the chains would pay
    // messages and decoding on a worker. Run it in order here. (A block one sender owns never
    // gets here: ParallelExecutor runs it in order at once; see oneSenderOwnsMost.ts.)
    if (this.workers > 0 && this.scheduler.lopsided) this.policy.turnSerial();
    this.feed = new MirrorFeed(this.workers, n);
    // The other transactions of a lazy sender read it exactly, after its transfers, which may
    // have run on another thread: feed the mirrors its nonce and balance from the start.
    this.feed.follow(exactlyReadLazySenders(input, this.lazy).flatMap((a) => [balanceKey(a), nonceKey(a)]));
    this.outcomes = new Array(n);
    this.reads = new Array(n);
    this.inFlight = new Array<number>(this.workers).fill(0);
    this.sent = Array.from({ length: this.workers }, () => new Uint8Array(n));
    this.stall = new StallTimer(options.stallTimeoutMs, () =>
      this.finish(new Error(`no worker progress for ${options.stallTimeoutMs} ms`)),
    );
  }

  /** Runs the block to its end; rejects on any failure. */
  execute(): Promise<ParallelExecution> {
    return new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      this.pool.attach(
        (worker, message) => this.onMessage(worker, message),
        (error) => this.finish(error),
      );
      this.stall.start();
      if (this.size === 0) {
        this.finish();
        return;
      }
      this.dispatch([], -1);
    });
  }

  /**
   * Ends the run with `reason` (its execute rejects with it). This thread's chunk stops after the
   * transaction it is in; `stopped` resolves then, when its execution context is free.
   */
  abort(reason: Error): void {
    this.finish(reason);
  }

  /** Resolves once this thread runs nothing of the block's (after it ended). */
  stopped(): Promise<void> {
    return this.localChunk;
  }

  private finish(error?: Error, tail?: SequentialTail): void {
    if (this.finished) return;
    this.finished = true;
    this.stall.stop();
    this.pool.detach();
    if (error !== undefined) {
      this.reject?.(error);
      return;
    }
    const decoded = this.outcomes.map((outcome, tx) =>
      outcome !== undefined && "bytes" in outcome ? decodeOutcome(outcome, tx) : outcome,
    );
    this.resolve?.(this.assemble(decoded as TxOutcome[], tail));
  }

  /** A worker's answer: its chunk's results. */
  private onMessage(worker: number, message: WorkerAnswer): void {
    try {
      if (message.type === "failed") throw new Error(`worker ${worker} failed: ${message.error}`);
      if (message.type === "settled") return; // a settle's late answer
      // A block given up without restarting the workers (BlockNotModelled) leaves its chunks'
      // answers on the way: they are not this block's.
      if (message.run !== this.options.run) return;
      this.inFlight[worker] = (this.inFlight[worker] as number) - 1;
      this.stall.progress();
      const ops: MvOp[] = [];
      for (const result of message.results) {
        if (result.kind === "done") this.feed.ranOn(worker, result.tx);
        this.onResult(result, ops, message.outcomes);
      }
      this.afterResults(ops, worker);
    } catch (error) {
      this.finish(asError(error));
    }
  }

  /**
   * Sends each worker the memory updates it lacks (a worker already holds its own writes) and
   * as many chunks as its pipeline takes.
   */
  private dispatch(ops: MvOp[], from: number): void {
    const { scheduler, policy, workers, inFlight } = this;
    const pending = new Array<MvOp[] | undefined>(workers);
    for (let id = 0; id < workers; id++) pending[id] = this.feed.opsFor(id, ops, from);
    if (policy.serial) {
      // The rest of the block, in order, right here, once nothing runs: the sequential
      // executor on this thread's warm VM (the engine's bookkeeping would only slow it).
      if (!this.localBusy && inFlight.every((k) => k <= 0) && scheduler.hasReady) {
        this.localBusy = true;
        this.runSequentialTail(scheduler.validationIndex).then(
          (tail) => {
            for (const outcome of tail.outcomes) this.outcomes[outcome.index] = outcome;
            this.finish(undefined, tail);
          },
          (error: unknown) => this.finish(asError(error)),
        );
      }
    } else {
      // Round-robin, one chunk per worker per level, so that every worker gets work first;
      // this thread takes its own after the first level.
      for (let level = 1; level <= PIPELINE_DEPTH; level++) {
        for (let id = 0; id < workers; id++) {
          if ((inFlight[id] as number) >= level || !scheduler.hasReady) continue;
          const task = this.chunkFor(id, policy.workerChunk(scheduler.ready), inFlight[id] === 0);
          if (task.length === 0) continue;
          inFlight[id] = (inFlight[id] as number) + 1;
          this.send(pending, id, task);
        }
        if (level === 1 && !this.localBusy && scheduler.hasReady) {
          const task = this.chunkFor(workers, policy.localChunk(scheduler.ready), true);
          if (task.length > 0) {
            this.localBusy = true;
            // Runs after the workers' answers already waiting have been handled.
            this.localChunk = new Promise((resolve) =>
              setImmediate(() => void this.runLocalChunk(task).finally(() => resolve())),
            );
          }
        }
      }
    }
    for (let id = 0; id < workers; id++) this.send(pending, id);
  }

  /**
   * Up to `max` transactions for thread `thread`, within the policy's window. A thread that is
   * `idle` and finds only other threads' work there (a hot contract's calls, which one thread
   * runs in order) takes work from beyond the window rather than wait for the chain, but only
   * calls that no earlier call to the same contract still precedes: a mainnet block of 49 calls
   * to one game, then 46 other transactions (6196166), otherwise ran the calls with the second
   * thread idle, and AMM swaps taken ahead at random failed in cascades.
   */
  private chunkFor(thread: number, max: number, idle: boolean): [TxIndex, number][] {
    const { scheduler, policy } = this;
    const limit = policy.limit(scheduler.validationIndex);
    const task = scheduler.nextChunk(max, limit, thread);
    if (task.length > 0 || !idle) return task;
    return scheduler.nextChunk(max, scheduler.size, thread, limit);
  }

  /** Posts worker `id` its pending memory updates, with `task` if any, once per dispatch. */
  private send(pending: (MvOp[] | undefined)[], id: number, task?: [TxIndex, number][]): void {
    const ops = pending[id] ?? [];
    pending[id] = undefined;
    if (task !== undefined)
      this.pool.post(id, { type: "sync", ops, task, transactions: this.unsent(id, task) });
    else if (ops.length > 0) this.pool.post(id, { type: "sync", ops });
  }

  /** The transactions of `task` that worker `id` has not been sent yet. */
  private unsent(id: number, task: [TxIndex, number][]): TaskTransactions | undefined {
    const has = this.sent[id] as Uint8Array;
    const indices: TxIndex[] = [];
    for (const [tx] of task) {
      if (has[tx] === 1) continue;
      has[tx] = 1;
      indices.push(tx);
    }
    if (indices.length === 0) return undefined;
    const txs = indices.map((tx) => this.input.transactions[tx] as TypedTransaction);
    return {
      indices,
      raw: packTransactions(txs.map(rawOf)),
      senders: txs.map(this.options.knownSender),
      lazySenders: indices.filter((tx) => this.lazy[tx] === 1),
    };
  }

  /**
   * A chunk on this thread, over the authoritative memory; then as after a worker's answer.
   * Where a worker has answered meanwhile, the results so far are handled and the answer heard
   * between two transactions, so that the worker gets its next chunk now rather than idle until
   * this one ends (see AnswerSignal).
   */
  private async runLocalChunk(task: [TxIndex, number][]): Promise<void> {
    try {
      if (this.finished) return;
      let ops: MvOp[] = [];
      let blocked = false;
      for (let i = 0; i < task.length; i++) {
        const [tx, incarnation] = task[i] as [TxIndex, number];
        if (blocked) {
          this.onResult({ kind: "skipped", tx, incarnation }, ops);
          continue;
        }
        const result = await executeIncarnation(
          this.local,
          this.block,
          this.input.transactions[tx] as TypedTransaction,
          tx,
          incarnation,
          { lazySender: this.lazy[tx] === 1, sender: this.input.senders?.[tx], lazyContracts: true },
        );
        if (this.finished) return;
        this.onResult(result, ops);
        blocked = result.kind === "dependency";
        if (!blocked && i < task.length - 1 && this.workerMayIdle()) {
          // This thread stays busy (localBusy): the results validate and the workers get work,
          // but no second chunk of its own starts.
          this.afterResults(ops, -1);
          ops = [];
          await new Promise((resolve) => setImmediate(resolve));
          if (this.finished) return;
        }
      }
      this.localBusy = false;
      this.stall.progress();
      this.afterResults(ops, -1);
    } catch (error) {
      this.finish(asError(error));
    }
  }

  /**
   * A worker has answered and has at most that chunk in flight: with nothing queued it idles
   * until the answer is heard. (One with another chunk queued keeps busy: hearing it now would
   * only hand out work sooner, more of it run ahead.)
   */
  private workerMayIdle(): boolean {
    for (let id = 0; id < this.workers; id++)
      if ((this.inFlight[id] as number) <= 1 && this.pool.answerWaitingFrom(id)) return true;
    return false;
  }

  /** `encoded`: the outcomes of a worker's message, where a worker's result points. */
  private onResult(result: IncarnationResult | WorkerResult, ops: MvOp[], encoded?: Uint8Array): void {
    switch (result.kind) {
      case "skipped":
        this.scheduler.skipped(result.tx);
        return;
      case "dependency":
        this.scheduler.blocked(result.tx, result.blocker);
        return;
      case "unsupported":
        throw new BlockNotModelled(result.reason);
      case "done": {
        const wroteNew = this.mv.record(result.tx, result.incarnation, result.writes);
        ops.push(["w", result.tx, result.incarnation, result.writes]);
        this.outcomes[result.tx] =
          typeof result.outcome === "number"
            ? { bytes: encoded as Uint8Array, at: result.outcome }
            : result.outcome;
        this.reads[result.tx] = this.mv.internReads(result.reads);
        this.scheduler.executed(result.tx, wroteNew);
      }
    }
  }

  /**
   * New results are in (`ops` holds their writes; `from`: the worker that ran them, which has
   * them already, or -1): validate, let the policy adapt, hand out more work.
   */
  private afterResults(ops: MvOp[], from: number): void {
    const { mv, reads, scheduler } = this;
    let newlyHot = 0;
    let probedHot = 0;
    const { validated, failed } = scheduler.validate(
      (tx) => mv.check(tx, reads[tx] as InternedReadLog),
      (tx, probed) => {
        const log = reads[tx] as InternedReadLog;
        const stale = mv.staleReads(tx, log);
        mv.markEstimates(tx);
        ops.push(["e", tx]);
        // What it read may have been missing from a mirror: feed it from now on.
        ops.push(...this.feed.share(mv.readKeys(log), mv));
        // A contract whose storage was read stale: its callers run on one thread from now on.
        for (const key of stale) {
          if (key[0] !== "s") continue;
          const address = addressOfKey(key);
          // A probe that read its own contract's storage stale: its calls conflict.
          if (address === probed) {
            if (scheduler.markHot(address, true)) probedHot++;
          } else if (scheduler.markHot(address)) newlyHot++;
        }
      },
    );
    this.policy.afterValidation({ validated, failed, newlyHot: newlyHot + probedHot, probedHot }, scheduler);
    const budget = this.options.maxReExecutions ?? this.size * 8 + 64;
    if (scheduler.reExecutions > budget) {
      this.finish(new BlockNotModelled(`more than ${budget} re-executions: the run does not converge`));
      return;
    }
    if (scheduler.done) {
      this.finish();
      return;
    }
    this.dispatch(ops, from);
  }

  /**
   * Transactions `first` to the end with the sequential executor on this thread, over the state
   * that the validated prefix (every transaction below `first`) left; the block's changes are
   * the prefix's followed by the tail's.
   */
  private async runSequentialTail(first: TxIndex): Promise<SequentialTail> {
    const { input, mv } = this;
    for (let tx = first; tx < input.transactions.length; tx++) mv.forget(tx);
    const prefix = changesFrom(mv, input.preState);
    const { senders: _inOrderAnyway, ...rest } = input;
    const tail = await executeBlockSequential(
      {
        ...rest,
        preState: new ChangesOverlay(input.preState, prefix),
        transactions: input.transactions.slice(first),
      },
      this.local.execution,
    );
    return {
      first,
      outcomes: tail.outcomes.map((outcome) => ({ ...outcome, index: outcome.index + first })),
      changes: mergeBlockChanges(prefix, tail.changes),
    };
  }

  /** Outcomes in block order with cumulative gas, and the block's changes from the final writes. */
  private assemble(outcomes: TxOutcome[], tail?: SequentialTail): ParallelExecution {
    const { mv, scheduler, reads } = this;
    const threads = this.options.threads;
    let gasUsed = 0n;
    for (const outcome of outcomes) {
      if (outcome.kind !== "included") continue;
      gasUsed += outcome.gasUsed;
      outcome.receipt.cumulativeBlockGasUsed = gasUsed;
    }
    if (tail !== undefined) {
      // Read and write sets exist for the prefix only: report none (reports record their own).
      let reExecutions = scheduler.reExecutions;
      const incarnations = scheduler.incarnation.map((k, tx) => {
        if (tx < tail.first) return k + 1;
        // An earlier run of a tail transaction counts, unless it was aborted (counted already).
        const ranBefore = scheduler.status[tx] === "executed";
        if (ranBefore) reExecutions++;
        return k + 1 + (ranBefore ? 1 : 0);
      });
      return {
        outcomes,
        changes: tail.changes,
        gasUsed,
        elapsedMs: 0,
        parallel: { threads, incarnations, reads: [], writes: [], reExecutions },
      };
    }
    // Only reports want the read and write sets: built when first asked for, not on every block.
    const readSets = once(() => reads.map((log) => mv.readKeys(log)));
    const writeSets = once(() => outcomes.map((_, tx) => mv.writesOf(tx)));
    const accessList = once(() =>
      buildBlockAccessList(
        outcomes.map((_, tx) => ({ reads: readSets()[tx] ?? [], written: mv.writeLogOf(tx) })),
        this.input.preState,
        this.input.header.coinbase.toString(),
      ),
    );
    return {
      outcomes,
      changes: changesFrom(mv, this.input.preState),
      gasUsed,
      elapsedMs: 0,
      parallel: {
        threads,
        incarnations: scheduler.incarnation.map((k) => k + 1),
        get reads() {
          return readSets();
        },
        get writes() {
          return writeSets();
        },
        get accessList() {
          return accessList();
        },
        reExecutions: scheduler.reExecutions,
      },
    };
  }
}

/** The senders with transfers read lazily and other transactions read exactly, in one block. */
function exactlyReadLazySenders(input: BlockInput, lazy: Uint8Array): string[] {
  const senders = input.senders ?? [];
  const withLazy = new Set<string>();
  senders.forEach((sender, tx) => {
    if (sender !== undefined && lazy[tx] === 1) withLazy.add(sender);
  });
  const found = new Set<string>();
  senders.forEach((sender, tx) => {
    if (sender !== undefined && lazy[tx] === 0 && withLazy.has(sender)) found.add(sender);
  });
  return [...found];
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** `compute`, run on the first call only. */
function once<T>(compute: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value as T;
  };
}
