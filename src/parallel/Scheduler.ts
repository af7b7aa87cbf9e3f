/**
 * Scheduler: the Block-STM bookkeeping of the coordinator, single-threaded.
 *
 * Invariants:
 * - Every transaction is in exactly one state: ready (in `ready`), executing (handed to a
 *   worker), waiting (on a blocker's completion, in `waiters`), or executed.
 * - Every executed transaction below `validationIndex` was validated after its last execution
 *   and after the last change of any location written below it; `pending` holds executed
 *   transactions at or above it that still need one (a re-execution that wrote no new location).
 * - Lower indices go first: `nextChunk` hands out the lowest ready transactions.
 * - The block is done when all are executed, none is executing, nothing is pending, and
 *   `validationIndex` has reached the end.
 */

import { ContractProbes } from "./ContractProbes.js";
import { callersByTarget } from "./callersByTarget.js";
import { leadChain } from "./leadChain.js";
import type { Validity } from "./MultiVersionMemory.js";
import type { TxIndex } from "./types.js";

type Status = "ready" | "executing" | "waiting" | "executed";

export class Scheduler {
  readonly status: Status[];
  readonly incarnation: number[];
  /** Ready transactions: a flag per index and a count, scanned from `lowestReady` upward. */
  private readonly isReady: Uint8Array;
  private readyCount = 0;
  private lowestReady = 0;
  private readonly waiters = new Map<TxIndex, TxIndex[]>();
  private readonly pending = new Set<TxIndex>();
  private executing = 0;
  validationIndex = 0;
  /** Re-executions so far (incarnations beyond the first). */
  reExecutions = 0;

  /** A lazy sender's transfers since its previous other transaction: those must execute first. */
  private readonly lazyBefore = new Map<TxIndex, TxIndex[]>();
  /** The previous transaction of the same sender (-1: none known); it must execute first. */
  private readonly after: TxIndex[];
  /**
   * The thread that runs a transaction: set for a sender's chain and for the callers of a hot
   * contract (-1: any thread).
   */
  private readonly owner: Int16Array;
  /** The thread running each executing transaction. */
  private readonly runningOn: Int16Array;
  /** Transactions owned per thread, for dealing out chains and hot contracts. */
  private readonly load: number[];
  /** Each transaction's `to`, for hot contracts. */
  private readonly targetOf: (tx: TxIndex) => string | undefined;
  /** The transactions calling each address, indexed when a first contract turns hot. */
  private callers: ReadonlyMap<string, readonly TxIndex[]> | undefined;
  private readonly hot = new Set<string>();
  /** Hot contracts left with every thread (most of what was left called them). */
  private readonly declined = new Set<string>();
  /** Contracts many transactions call, on probation until two of their calls ran at once. */
  private readonly probes: ContractProbes;
  /** The lead chain (see leadChain.ts), which thread 0 owns and runs first; empty: none. */
  private readonly lead: readonly TxIndex[] = [];

  /**
   * `threads`: the threads that ask for chunks (0 to threads - 1). A sender's transactions form a
   * nonce chain that runs in order; chains are dealt out to threads (largest first, each to the
   * least loaded), so that a block of a few senders' interleaved chains, as dev accounts send
   * them, runs on every thread instead of waiting chunk after chunk for the previous nonces.
   * `lazy`: per transaction, 1 when its sender is read lazily (see lazySenders.ts). `probes`:
   * the block's contracts on probation (see ContractProbes.ts), none by default. `weights`:
   * per transaction, its gas limit, to find the lead chain (none without).
   */
  constructor(
    readonly size: number,
    senders: readonly (string | undefined)[] = [],
    threads = 1,
    targetOf: (tx: TxIndex) => string | undefined = () => undefined,
    lazy?: Uint8Array,
    probes?: ContractProbes,
    weights?: ArrayLike<number>,
  ) {
    this.targetOf = targetOf;
    this.probes = probes ?? ContractProbes.empty(size);
    this.status = new Array<Status>(size).fill("ready");
    this.incarnation = new Array<number>(size).fill(0);
    this.after = new Array<TxIndex>(size).fill(-1);
    this.owner = new Int16Array(size).fill(-1);
    this.runningOn = new Int16Array(size).fill(-1);
    this.isReady = new Uint8Array(size).fill(1);
    this.readyCount = size;
    const last = new Map<string, TxIndex>();
    const chains = new Map<string, TxIndex[]>();
    const lazySince = new Map<string, TxIndex[]>();
    for (let i = 0; i < size; i++) {
      const sender = senders[i];
      if (sender === undefined) continue;
      const previous = last.get(sender) ?? -1;
      last.set(sender, i);
      // A transfer whose sender is read lazily waits for no one, and no thread owns it; the
      // sender's next other transaction reads the sender exactly, so waits for all of them.
      if (lazy?.[i] === 1) {
        const since = lazySince.get(sender);
        if (since === undefined) lazySince.set(sender, [i]);
        else since.push(i);
        continue;
      }
      const since = lazySince.get(sender);
      if (since !== undefined) {
        this.lazyBefore.set(i, since);
        lazySince.delete(sender);
      }
      this.after[i] = previous;
      const chain = chains.get(sender);
      if (chain === undefined) chains.set(sender, [i]);
      else chain.push(i);
    }
    this.load = new Array<number>(threads).fill(0);
    if (threads > 1) {
      // The lead first: dealt to the least loaded thread, thread 0, before any other chain; no
      // other chain or hot contract is dealt to that thread, which takes nothing else until its
      // lead has run (see nextChunk).
      const lead = weights === undefined ? undefined : leadChain(chains.values(), weights, threads);
      if (lead !== undefined) {
        this.lead = lead;
        this.deal(lead);
        this.load[0] = Number.POSITIVE_INFINITY;
      }
      const long = [...chains.values()].filter((chain) => chain.length > 1 && chain !== lead);
      for (const chain of long.sort((a, b) => b.length - a.length)) this.deal(chain);
    }
  }

  /**
   * The transactions calling each address: the probes' index when they made one (a block on
   * several threads), else built on first use (most such blocks never need it).
   */
  private callersOf(address: string): readonly TxIndex[] | undefined {
    this.callers ??= this.probes.callers ?? callersByTarget(this.size, this.targetOf);
    return this.callers.get(address);
  }

  /** Gives the transactions no thread owns yet to the least loaded thread. */
  private deal(txs: readonly TxIndex[]): void {
    const free = txs.filter((tx) => this.owner[tx] === -1);
    if (free.length === 0 || this.load.length < 2) return;
    const thread = this.load.indexOf(Math.min(...this.load));
    this.load[thread] = (this.load[thread] as number) + free.length;
    for (const tx of free) this.owner[tx] = thread;
  }

  /**
   * A validation failed on a location of `address`: every transaction that calls it (and belongs
   * to no sender's chain) runs on one thread from now on, in block order, as a chain does. Calls
   * to a hot contract (a counter, a pool's reserves, an NFT's next id) running on two threads at
   * once read each other's writes stale and fail in cascades. Returns whether it moved any.
   */
  markHot(address: string, confirmed = false): boolean {
    // A contract left with every thread before may still turn out to conflict: its probe says so.
    if (this.hot.has(address) && !(confirmed && this.declined.has(address))) return false;
    this.hot.add(address);
    if (this.load.length < 2) return false;
    const callers = this.callersOf(address);
    if (callers === undefined) return false;
    // A contract that half of what is left calls (a token every transaction transfers) stays
    // with every thread: one thread alone would run most of the block, and its calls conflict
    // only now and then, which validation handles. Not so when its probe failed: most of what is
    // left conflicts.
    let left = 0;
    for (let tx = 0; tx < this.size; tx++) if (this.status[tx] !== "executed") left++;
    const pending = callers.filter((tx) => this.status[tx] !== "executed").length;
    if (pending * 2 > left && !confirmed) {
      this.declined.add(address);
      return false;
    }
    this.declined.delete(address);
    this.deal(callers);
    return true;
  }

  /**
   * One thread owns most of the transactions not yet executed (a contract every transaction
   * calls, one sender's chain): the others would mostly wait.
   */
  get lopsided(): boolean {
    if (this.load.length < 2) return true;
    const owned = new Array<number>(this.load.length).fill(0);
    let left = 0;
    for (let tx = 0; tx < this.size; tx++) {
      if (this.status[tx] === "executed") continue;
      left++;
      const owner = this.owner[tx] as number;
      if (owner >= 0) owned[owner] = (owned[owner] as number) + 1;
    }
    return Math.max(...owned) * 4 >= left * 3;
  }

  /**
   * A sequential tail from the validated prefix would throw away more executed work (transactions
   * run ahead, beside a hot contract's calls) than half of what it has left to run.
   */
  get wastedByTail(): boolean {
    let ahead = 0;
    let left = 0;
    for (let tx = this.validationIndex; tx < this.size; tx++) {
      if (this.status[tx] === "executed") ahead++;
      else left++;
    }
    return ahead * 2 > left;
  }

  get done(): boolean {
    return (
      this.executing === 0 &&
      this.readyCount === 0 &&
      this.waiters.size === 0 &&
      this.pending.size === 0 &&
      this.validationIndex >= this.size
    );
  }

  get hasReady(): boolean {
    return this.readyCount > 0;
  }

  /** Transactions ready to be handed out. */
  get ready(): number {
    return this.readyCount;
  }

  private makeReady(tx: TxIndex): void {
    this.status[tx] = "ready";
    if (this.isReady[tx] === 1) return;
    this.isReady[tx] = 1;
    this.readyCount++;
    if (tx < this.lowestReady) this.lowestReady = tx;
  }

  get executingCount(): number {
    return this.executing;
  }

  /**
   * Up to `max` ready transactions below index `below`, lowest first, now executing on `thread`:
   * none that another thread owns. A transaction whose sender's previous one has not executed
   * is held back, unless that one runs before it on the same thread (earlier in this chunk, or
   * in an earlier chunk of this thread, which runs first). From `aheadFrom` on (work taken ahead
   * of the window), only calls whose every earlier call to the same contract has validated: one
   * that follows an open call reads what that call may yet write (AMM swaps taken ahead at the
   * first open call of their pool still failed in cascades: 1.46x -> 0.89x).
   */
  nextChunk(max: number, below = this.size, thread = 0, aheadFrom = this.size): [TxIndex, number][] {
    const chosen: [TxIndex, number][] = [];
    // The lead chain's thread runs it first, wherever the window is (see leadChain.ts), and
    // nothing else until it has run: work queued behind a lead waits for all of it (15537394: a
    // probe of another contract's calls behind its 230 ms creation held those calls, and the
    // other thread idled).
    if (thread === 0 && this.lead.length > 0) {
      for (const tx of this.lead) {
        if (chosen.length >= max) break;
        if (this.isReady[tx] === 1 && this.followsItsChain(tx, thread)) this.take(tx, thread, false, chosen);
      }
      if (chosen.length > 0 || this.lead.some((tx) => this.status[tx] !== "executed")) return chosen;
    }
    while (this.lowestReady < this.size && this.isReady[this.lowestReady] === 0) this.lowestReady++;
    const end = below < this.size ? below : this.size;
    for (let tx = this.lowestReady; tx < end && chosen.length < max; tx++) {
      if (this.isReady[tx] === 0) continue;
      const owner = this.owner[tx] as number;
      if (owner >= 0 && owner !== thread) continue;
      if (tx >= aheadFrom && !this.firstOpenCall(tx)) continue;
      const probed = owner < 0 && !this.probes.isEmpty;
      if (probed && !this.probes.allows(tx, thread)) continue;
      if (this.followsItsChain(tx, thread)) this.take(tx, thread, probed, chosen);
    }
    return chosen;
  }

  /**
   * Whether `tx` may run on `thread` after what its sender sent before it: the previous
   * transaction and the lazy transfers since have executed, or run on this thread first.
   */
  private followsItsChain(tx: TxIndex, thread: number): boolean {
    const before = this.after[tx] as TxIndex;
    if (
      before >= 0 &&
      this.status[before] !== "executed" &&
      !(this.status[before] === "executing" && this.runningOn[before] === thread)
    ) {
      return false;
    }
    const transfers = this.lazyBefore.get(tx);
    return transfers === undefined || this.allRunBefore(transfers, thread);
  }

  /** Hands ready transaction `tx` to `thread`, at the end of `chosen`. */
  private take(tx: TxIndex, thread: number, probed: boolean, chosen: [TxIndex, number][]): void {
    this.isReady[tx] = 0;
    this.readyCount--;
    this.status[tx] = "executing";
    this.runningOn[tx] = thread;
    this.executing++;
    if (probed) this.probes.took(tx, thread);
    chosen.push([tx, this.incarnation[tx] as number]);
  }

  /** Whether every earlier call to `tx`'s target has executed and validated. */
  private firstOpenCall(tx: TxIndex): boolean {
    if (tx <= this.validationIndex) return true;
    const target = this.targetOf(tx);
    if (target === undefined) return true;
    // The lowest call at or above the validated prefix (callers are in block order) is `tx`
    // itself, or one after it.
    const callers = this.callersOf(target) ?? [];
    let low = 0;
    let high = callers.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((callers[middle] as TxIndex) < this.validationIndex) low = middle + 1;
      else high = middle;
    }
    return low === callers.length || (callers[low] as TxIndex) >= tx;
  }

  /** Whether each of `txs` has executed, or runs on `thread` before what it is given next. */
  private allRunBefore(txs: readonly TxIndex[], thread: number): boolean {
    for (const tx of txs) {
      if (this.status[tx] === "executed") continue;
      if (this.status[tx] === "executing" && this.runningOn[tx] === thread) continue;
      return false;
    }
    return true;
  }

  /** A chunk member the worker did not run (an earlier one in its chunk was blocked). */
  skipped(tx: TxIndex): void {
    this.executing--;
    this.probes.returned(tx);
    this.makeReady(tx);
  }

  /** The incarnation read an ESTIMATE of `blocker`: run it again once the blocker has executed. */
  blocked(tx: TxIndex, blocker: TxIndex): void {
    this.executing--;
    this.probes.returned(tx);
    this.incarnation[tx] = (this.incarnation[tx] as number) + 1;
    this.reExecutions++;
    if (this.status[blocker] === "executed") {
      this.makeReady(tx);
      return;
    }
    this.status[tx] = "waiting";
    const list = this.waiters.get(blocker);
    if (list === undefined) this.waiters.set(blocker, [tx]);
    else list.push(tx);
  }

  /** The incarnation finished; `wroteNew`: it wrote a location its previous one did not. */
  executed(tx: TxIndex, wroteNew: boolean): void {
    this.executing--;
    this.status[tx] = "executed";
    for (const waiter of this.waiters.get(tx) ?? []) this.makeReady(waiter);
    this.waiters.delete(tx);
    if (wroteNew) {
      if (tx < this.validationIndex) this.validationIndex = tx;
    } else if (tx < this.validationIndex) {
      this.pending.add(tx);
    }
  }

  /**
   * Runs the validations that are due. `validate` says whether a transaction's reads still hold,
   * or cannot tell until a lower transaction re-runs ("waiting": it stays executed, and its
   * validation comes again with the walk); `onAbort` is told of each transaction whose
   * incarnation failed (its writes become ESTIMATEs), and of the contract it probed, if it was a
   * probe (see ContractProbes.ts).
   */
  validate(
    validate: (tx: TxIndex) => Validity,
    onAbort: (tx: TxIndex, probed: string | undefined) => void,
  ): { validated: number; failed: number } {
    let validated = 0;
    let failed = 0;
    const abort = (tx: TxIndex) => {
      failed++;
      const probed = this.probes.failed(tx);
      this.incarnation[tx] = (this.incarnation[tx] as number) + 1;
      this.reExecutions++;
      this.makeReady(tx);
      onAbort(tx, probed);
    };
    for (const tx of [...this.pending].sort((a, b) => a - b)) {
      this.pending.delete(tx);
      if (this.status[tx] !== "executed") continue;
      const validity = validate(tx);
      if (validity === "waiting") {
        // Below the walk's start: validated again once what it waits for re-ran.
        this.pending.add(tx);
        continue;
      }
      validated++;
      if (validity === "stale") {
        abort(tx);
        // Everything above may have read the aborted values.
        if (tx + 1 < this.validationIndex) this.validationIndex = tx + 1;
      } else {
        this.probes.validated(tx);
      }
    }
    // Walk up in order; an abort does not stop the walk, so higher readers of the aborted
    // writes meet its ESTIMATEs now and are re-run early rather than after a long wait.
    for (
      let tx = this.validationIndex;
      tx < this.size && this.status[tx] !== "executing" && this.status[tx] !== "waiting";
      tx++
    ) {
      if (this.status[tx] === "ready") break;
      const validity = validate(tx);
      if (validity === "waiting") break;
      validated++;
      if (validity === "stale") abort(tx);
      else {
        this.probes.validated(tx);
        if (tx === this.validationIndex) this.validationIndex = tx + 1;
      }
    }
    return { validated, failed };
  }
}
