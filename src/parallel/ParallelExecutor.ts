/**
 * ParallelExecutor: Block-STM over worker threads. The coordinator (this class, on the calling
 * thread) owns the multi-version memory and the scheduler; workers execute chunks of
 * transactions and report read and write sets; the coordinator records writes, tells the
 * workers what their mirrors need (MirrorFeed: writes to locations some worker read stale),
 * validates reads in index order and re-runs what failed, until every transaction is executed
 * and valid. The result equals sequential execution, or the block is run
 * sequentially: on any worker failure, on a timeout, or on what the engine does not model.
 *
 * `threads` counts the calling thread: N threads are N - 1 workers and the coordinator, which
 * executes chunks too, between handling the workers' answers, directly over the authoritative
 * memory (no messages, no transaction decoding, its VM warm). Coordinating alone left a core
 * mostly idle: on 2 cores, a coordinator and two workers made three busy threads, and the
 * workers' garbage collection lost the spare core it has when one thread runs alone.
 *
 * How much it hands out at a time, and when the rest of a block runs sequentially instead, is
 * ChunkPolicy's call.
 */

import { Block } from "@ethereumjs/block";
import type { TypedTransaction } from "@ethereumjs/tx";
import { keccak256 } from "../crypto/nativeCrypto.js";
import { hasClaimedSender } from "../execution/claimSender.js";
import { rawOf } from "../execution/rawTransaction.js";
import { createExecutionContext, executeBlockSequential } from "../execution/sequentialExecutor.js";
import type { BlockExecution, BlockInput, TxOutcome } from "../execution/types.js";
import { ChangesOverlay } from "../state/ChangesOverlay.js";
import { hexOf } from "../state/hexOf.js";
import type { BlockChange } from "../state/JournaledState.js";
import { ChunkPolicy, PIPELINE_DEPTH } from "./ChunkPolicy.js";
import { changesFrom } from "./changesFrom.js";
import {
  executeIncarnation,
  type IncarnationContext,
  type IncarnationResult,
  trackEvmPhase,
} from "./executeIncarnation.js";
import { addressOfKey } from "./locations.js";
import { MirrorFeed } from "./MirrorFeed.js";
import { MultiVersionMemory } from "./MultiVersionMemory.js";
import { mergeBlockChanges } from "./mergeBlockChanges.js";
import type { MvOp, TaskTransactions, WorkerResult } from "./messages.js";
import { decodeOutcome, type EncodedOutcome } from "./outcomeCodec.js";
import { packTransactions } from "./PackedTransactions.js";
import { ReplicaSync } from "./ReplicaSync.js";
import { Scheduler } from "./Scheduler.js";
import type { InternedReadLog, LocationKey, TxIndex } from "./types.js";
import { VersionedState } from "./VersionedState.js";
import { WorkerPool } from "./WorkerPool.js";

/** The end of a block that ran with the sequential executor (see runSequentialTail). */
interface SequentialTail {
  /** Its first transaction: every one below ran on the engine and validated. */
  first: TxIndex;
  outcomes: TxOutcome[];
  /** The whole block's changes. */
  changes: BlockChange[];
}

export interface ParallelExecutorOptions {
  threads: number;
  /** A block whose workers report nothing for this long runs sequentially. */
  stallTimeoutMs?: number;
}

/** What the parallel run learned, per transaction, for the conflict report. */
export interface ParallelDetails {
  threads: number;
  /** Executions per transaction (1 = no re-execution). */
  incarnations: number[];
  reads: LocationKey[][];
  writes: LocationKey[][];
  reExecutions: number;
  /** Why the block ran sequentially instead, if it did. */
  fellBack?: string;
}

export class ParallelExecutor {
  private readonly pool: WorkerPool;
  private readonly threadCount: number;
  private readonly stallTimeoutMs: number;
  private readonly replicas = new ReplicaSync();
  /** This thread's execution contexts (its chunks and sequential tails), by chain and fork. */
  private readonly localContexts = new Map<string, IncarnationContext>();

  constructor(options: ParallelExecutorOptions) {
    this.threadCount = Math.max(1, options.threads);
    this.pool = new WorkerPool(this.threadCount - 1);
    this.stallTimeoutMs = options.stallTimeoutMs ?? 30_000;
  }

  /** Executing threads: the workers and the calling thread. */
  get threads(): number {
    return this.threadCount;
  }

  /**
   * Tells the executor the pre-block state from scratch; `source` is kept to resend it to
   * replaced workers.
   */
  resetState(source: () => BlockChange[]): void {
    this.replicas.reset(source);
  }

  /** Tells the executor a block was committed on top of the state it knows. */
  applyChanges(changes: BlockChange[]): void {
    this.replicas.apply(changes);
  }

  /** Brings the workers' replicas of the pre-block state up to date (see ReplicaSync). */
  private syncWorkers(): void {
    const restarted = this.pool.start();
    const sync = this.replicas.next(restarted, this.pool.generation);
    if (sync !== undefined) this.pool.broadcast(sync);
  }

  async execute(
    input: BlockInput,
    hooks: { onStart?: (pool: WorkerPool) => void } = {},
  ): Promise<BlockExecution & { parallel: ParallelDetails }> {
    const started = performance.now();
    try {
      const result = await this.run(input, hooks);
      return { ...result, elapsedMs: performance.now() - started };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // Workers may hold half a block: start fresh ones next time.
      await this.pool.close();
      const sequential = await executeBlockSequential(input);
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
    const n = input.transactions.length;
    const { header } = input;
    this.syncWorkers();
    // No workers (one thread): the calling thread runs it all, nothing to tell.
    if (this.pool.size > 0) {
      const blockHashes: [bigint, Uint8Array][] = [];
      if (input.blockHashes !== undefined) {
        for (let k = 1n; k <= 256n && header.number - k >= 0n; k++) {
          const hash = input.blockHashes(header.number - k);
          if (hash !== undefined) blockHashes.push([header.number - k, hash]);
        }
      }
      this.pool.broadcast({
        type: "block",
        chainId: header.common.chainId(),
        hardfork: header.common.hardfork(),
        kzg: input.transactions.some((tx) => tx.type === 3),
        header: header.serialize(),
        count: n,
        blockHashes,
        allowSendersWithCode: input.allowSendersWithCode === true,
      });
    }

    const mv = new MultiVersionMemory();
    const local = await this.localContext(input, mv);
    const block = new Block(header);
    // Thread ids for the scheduler: the workers 0 to size - 1, then this thread.
    // hexOf, not Address.toString: a hot contract's first failed validation asks for the target
    // of every transaction of the block at once, and a serial block's tail waits for the answer
    // (about 0.6 ms less for 2,000 transactions).
    const scheduler = new Scheduler(n, input.senders ?? [], this.pool.size + 1, (tx) => {
      const to = input.transactions[tx]?.to;
      return to === undefined ? undefined : hexOf(to.bytes);
    });
    // A worker's outcomes stay encoded until the block is assembled (see outcomeCodec.ts).
    const outcomes: (TxOutcome | EncodedOutcome | undefined)[] = new Array(n);
    // Interned: location ids, not the keys the incarnations reported (see MultiVersionMemory).
    const reads: InternedReadLog[] = new Array(n);
    // Chunks handed to each worker and not answered yet. Two in flight keep a worker busy while
    // the coordinator handles its last answer (one alone left workers idle a quarter of the time).
    const workers = this.pool.size;
    const feed = new MirrorFeed(workers, n);
    const inFlight = new Array<number>(workers).fill(0);
    /** Per worker, per transaction: 1 once the worker has been sent the transaction. */
    const sent = Array.from({ length: workers }, () => new Uint8Array(n));
    const threads = this.threadCount;
    const policy = new ChunkPolicy(n, threads);
    /** The coordinator has a chunk of its own scheduled or running. */
    let localBusy = false;
    let finished = false;
    hooks.onStart?.(this.pool);

    return new Promise((resolve, reject) => {
      let stallTimer: NodeJS.Timeout | undefined;
      const finish = (error?: Error, tail?: SequentialTail) => {
        if (finished) return;
        finished = true;
        clearTimeout(stallTimer);
        this.pool.detach();
        if (error !== undefined) {
          reject(error);
          return;
        }
        const decoded = outcomes.map((outcome, tx) =>
          outcome !== undefined && "bytes" in outcome ? decodeOutcome(outcome, tx) : outcome,
        );
        resolve(this.assemble(input, mv, scheduler, decoded as TxOutcome[], reads, tail));
      };
      const armStallTimer = () => {
        clearTimeout(stallTimer);
        stallTimer = setTimeout(
          () => finish(new Error(`no worker progress for ${this.stallTimeoutMs} ms`)),
          this.stallTimeoutMs,
        );
      };

      /**
       * Sends each worker the memory updates it lacks (a worker already holds its own writes) and
       * as many chunks as its pipeline takes.
       */
      const dispatch = (ops: MvOp[], from: number) => {
        const pending = new Array<MvOp[] | undefined>(workers);
        for (let id = 0; id < workers; id++) pending[id] = feed.opsFor(id, ops, from);
        const send = (id: number, task?: [TxIndex, number][]) => {
          const forWorker = pending[id] ?? [];
          pending[id] = undefined;
          if (task !== undefined)
            this.pool.post(id, { type: "sync", ops: forWorker, task, transactions: unsent(id, task) });
          else if (forWorker.length > 0) this.pool.post(id, { type: "sync", ops: forWorker });
        };
        if (policy.serial) {
          // The rest of the block, in order, right here, once nothing runs: the sequential
          // executor on this thread's warm VM (the engine's bookkeeping would only slow it).
          if (!localBusy && inFlight.every((k) => k <= 0) && scheduler.hasReady) {
            localBusy = true;
            const first = scheduler.validationIndex;
            this.runSequentialTail(local, input, mv, first).then(
              (tail) => {
                for (const outcome of tail.outcomes) outcomes[outcome.index] = outcome;
                finish(undefined, tail);
              },
              (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
            );
          }
        } else {
          // Round-robin, one chunk per worker per level, so that every worker gets work first;
          // this thread takes its own after the first level.
          for (let level = 1; level <= PIPELINE_DEPTH; level++) {
            for (let id = 0; id < workers; id++) {
              if ((inFlight[id] as number) >= level || !scheduler.hasReady) continue;
              const task = scheduler.nextChunk(
                policy.workerChunk(scheduler.ready),
                policy.limit(scheduler.validationIndex),
                id,
              );
              if (task.length === 0) continue;
              inFlight[id] = (inFlight[id] as number) + 1;
              send(id, task);
            }
            if (level === 1 && !localBusy && scheduler.hasReady) {
              const task = scheduler.nextChunk(
                policy.localChunk(scheduler.ready),
                policy.limit(scheduler.validationIndex),
                workers,
              );
              if (task.length > 0) {
                localBusy = true;
                // Runs after the workers' answers already waiting have been handled.
                setImmediate(() => void runLocalChunk(task));
              }
            }
          }
        }
        for (let id = 0; id < workers; id++) send(id);
      };

      /** The transactions of `task` that worker `id` has not been sent yet. */
      const unsent = (id: number, task: [TxIndex, number][]): TaskTransactions | undefined => {
        const has = sent[id] as Uint8Array;
        const indices: TxIndex[] = [];
        for (const [tx] of task) {
          if (has[tx] === 1) continue;
          has[tx] = 1;
          indices.push(tx);
        }
        if (indices.length === 0) return undefined;
        const txs = indices.map((tx) => input.transactions[tx] as TypedTransaction);
        return { indices, raw: packTransactions(txs.map(rawOf)), senders: txs.map(knownSender) };
      };

      /** A chunk on this thread, over the authoritative memory; then as after a worker's answer. */
      const runLocalChunk = async (task: [TxIndex, number][]) => {
        try {
          if (finished) return;
          const ops: MvOp[] = [];
          let blocked = false;
          for (const [tx, incarnation] of task) {
            if (blocked) {
              onResult({ kind: "skipped", tx, incarnation }, ops);
              continue;
            }
            const result = await executeIncarnation(
              local,
              block,
              input.transactions[tx] as TypedTransaction,
              tx,
              incarnation,
            );
            if (finished) return;
            onResult(result, ops);
            blocked = result.kind === "dependency";
          }
          localBusy = false;
          armStallTimer();
          afterResults(ops, -1);
        } catch (error) {
          finish(error instanceof Error ? error : new Error(String(error)));
        }
      };

      /** `encoded`: the outcomes of a worker's message, where a worker's result points. */
      const onResult = (result: IncarnationResult | WorkerResult, ops: MvOp[], encoded?: Uint8Array) => {
        switch (result.kind) {
          case "skipped":
            scheduler.skipped(result.tx);
            return;
          case "dependency":
            scheduler.blocked(result.tx, result.blocker);
            return;
          case "unsupported":
            throw new Error(result.reason);
          case "done": {
            const wroteNew = mv.record(result.tx, result.incarnation, result.writes);
            ops.push(["w", result.tx, result.incarnation, result.writes]);
            outcomes[result.tx] =
              typeof result.outcome === "number"
                ? { bytes: encoded as Uint8Array, at: result.outcome }
                : result.outcome;
            reads[result.tx] = mv.internReads(result.reads);
            scheduler.executed(result.tx, wroteNew);
          }
        }
      };

      /**
       * New results are in (`ops` holds their writes; `from`: the worker that ran them, which
       * has them already, or -1): validate, let the policy adapt, hand out more work.
       */
      const afterResults = (ops: MvOp[], from: number) => {
        let newlyHot = 0;
        const { validated, failed } = scheduler.validate(
          (tx) => mv.validate(tx, reads[tx] as InternedReadLog),
          (tx) => {
            const log = reads[tx] as InternedReadLog;
            const stale = mv.staleReads(tx, log);
            mv.markEstimates(tx);
            ops.push(["e", tx]);
            // What it read may have been missing from a mirror: feed it from now on.
            ops.push(...feed.share(mv.readKeys(log), mv));
            // A contract whose storage was read stale: its callers run on one thread from now on.
            for (const key of stale) {
              if (key[0] === "s" && scheduler.markHot(addressOfKey(key))) newlyHot++;
            }
          },
        );
        policy.afterValidation({ validated, failed, newlyHot }, scheduler);
        if (scheduler.done) {
          finish();
          return;
        }
        dispatch(ops, from);
      };

      this.pool.attach(
        (worker, message) => {
          try {
            if (message.type === "failed") throw new Error(`worker ${worker} failed: ${message.error}`);
            inFlight[worker] = (inFlight[worker] as number) - 1;
            armStallTimer();
            const ops: MvOp[] = [];
            for (const result of message.results) {
              if (result.kind === "done") feed.ranOn(worker, result.tx);
              onResult(result, ops, message.outcomes);
            }
            afterResults(ops, worker);
          } catch (error) {
            finish(error instanceof Error ? error : new Error(String(error)));
          }
        },
        (error) => finish(error),
      );
      armStallTimer();
      if (n === 0) {
        finish();
        return;
      }
      dispatch([], -1);
    });
  }

  /** This thread's execution context, over `mv` and the block's pre-state. */
  private async localContext(input: BlockInput, mv: MultiVersionMemory): Promise<IncarnationContext> {
    const { header } = input;
    const key = `${header.common.chainId()}:${header.common.hardfork()}`;
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

  /**
   * Transactions `first` to the end with the sequential executor on this thread, over the state
   * that the validated prefix (every transaction below `first`) left; the block's changes are
   * the prefix's followed by the tail's.
   */
  private async runSequentialTail(
    ctx: IncarnationContext,
    input: BlockInput,
    mv: MultiVersionMemory,
    first: TxIndex,
  ): Promise<SequentialTail> {
    for (let tx = first; tx < input.transactions.length; tx++) mv.forget(tx);
    const prefix = changesFrom(mv, input.preState);
    const { senders: _inOrderAnyway, ...rest } = input;
    const tail = await executeBlockSequential(
      {
        ...rest,
        preState: new ChangesOverlay(input.preState, prefix),
        transactions: input.transactions.slice(first),
      },
      ctx.execution,
    );
    return {
      first,
      outcomes: tail.outcomes.map((outcome) => ({ ...outcome, index: outcome.index + first })),
      changes: mergeBlockChanges(prefix, tail.changes),
    };
  }

  /** Outcomes in block order with cumulative gas, and the block's changes from the final writes. */
  private assemble(
    input: BlockInput,
    mv: MultiVersionMemory,
    scheduler: Scheduler,
    outcomes: TxOutcome[],
    reads: InternedReadLog[],
    tail?: SequentialTail,
  ): BlockExecution & { parallel: ParallelDetails } {
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
        parallel: { threads: this.threadCount, incarnations, reads: [], writes: [], reExecutions },
      };
    }
    // Only reports want the read and write sets: built when first asked for, not on every block.
    const readSets = once(() => reads.map((log) => mv.readKeys(log)));
    const writeSets = once(() => outcomes.map((_, tx) => mv.writesOf(tx)));
    return {
      outcomes,
      changes: changesFrom(mv, input.preState),
      gasUsed,
      elapsedMs: 0,
      parallel: {
        threads: this.threadCount,
        incarnations: scheduler.incarnation.map((k) => k + 1),
        get reads() {
          return readSets();
        },
        get writes() {
          return writeSets();
        },
        reExecutions: scheduler.reExecutions,
      },
    };
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
  const publicKey = (tx as unknown as { cache?: { senderPubKey?: Uint8Array } }).cache?.senderPubKey;
  return publicKey === undefined ? null : hexOf(keccak256(publicKey).subarray(12));
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
