/**
 * ContractProbes: the contracts that many of a block's transactions call, on probation. Their
 * calls may all write one location (a game's pot, a sale's counter: a chain in disguise) or
 * share none (a token's transfers between different holders); only running two calls at once
 * tells. Dealt out blindly, the first kind fails in cascades: a mainnet block of 49 consecutive
 * calls to one game (6196166) re-ran 21 of them and gave up to sequential execution.
 *
 * So, until it is known: a probed contract's calls run on the thread that took the first of them,
 * and another thread may take one call at a time, the probe, after which the first thread stops.
 * The probe validating clears the contract (its calls go anywhere from then on); the probe failing
 * makes it hot (Scheduler.markHot: its calls run on one thread, in order), at the cost of one
 * re-execution.
 */
import { callersByTarget } from "./callersByTarget.js";
import type { TxIndex } from "./types.js";

/**
 * A contract called fewer times than this in a block, or by less than an eighth of it, is left to
 * validation alone: a probation's waits cost more than the few failures it saves (AMM swaps over
 * 20 pools, each called by a twentieth of the block: 1.44x without probes, 1.35x with).
 */
export const PROBED_CALLS = 8;
const PROBED_SHARE = 1 / 8;

export class ContractProbes {
  /** Per transaction: the probed contract it calls, or -1. */
  private readonly contractOf: Int32Array;
  /** Per probed contract: the thread that runs its calls while on probation, or -1 (none yet). */
  private readonly thread: Int16Array;
  /** Per probed contract: the call running elsewhere as its probe, or -1. */
  private readonly probe: Int32Array;
  /** Per probed contract: 1 while on probation. */
  private readonly open: Uint8Array;

  private constructor(
    private readonly addresses: readonly string[],
    contractOf: Int32Array,
    /** Every target's calls, where forBlock indexed them: the scheduler's hot contracts use it too. */
    readonly callers?: ReadonlyMap<string, readonly TxIndex[]>,
  ) {
    this.contractOf = contractOf;
    this.thread = new Int16Array(addresses.length).fill(-1);
    this.probe = new Int32Array(addresses.length).fill(-1);
    this.open = new Uint8Array(addresses.length).fill(1);
  }

  /**
   * The probes of a block of `size` transactions: the targets with code (`isContract`) that
   * PROBED_CALLS or more of them, and an eighth or more, call. None at all on one thread.
   */
  static forBlock(
    size: number,
    threads: number,
    targetOf: (tx: TxIndex) => string | undefined,
    isContract: (address: string) => boolean,
  ): ContractProbes {
    if (threads < 2) return ContractProbes.empty(size);
    const calls = callersByTarget(size, targetOf);
    const addresses: string[] = [];
    const contractOf = new Int32Array(size).fill(-1);
    for (const [address, txs] of calls) {
      if (txs.length < PROBED_CALLS || txs.length < size * PROBED_SHARE || !isContract(address)) continue;
      for (const tx of txs) contractOf[tx] = addresses.length;
      addresses.push(address);
    }
    return new ContractProbes(addresses, contractOf, calls);
  }

  /** Probes of no contract (one thread, or a test's scheduler). */
  static empty(size: number): ContractProbes {
    return new ContractProbes([], new Int32Array(size).fill(-1));
  }

  /** No contract on probation: nothing to check. */
  get isEmpty(): boolean {
    return this.addresses.length === 0;
  }

  /**
   * Whether `thread` may take `tx` now: a call to a contract on probation runs on its thread, up
   * to the probe while one is out (past it, every call would read the probe's writes and fail
   * with it), or elsewhere as the probe.
   */
  allows(tx: TxIndex, thread: number): boolean {
    const c = this.contractOf[tx] as number;
    if (c < 0 || this.open[c] === 0) return true;
    const owner = this.thread[c] as number;
    const probe = this.probe[c] as number;
    if (owner === -1) return true;
    if (owner === thread) return probe === -1 || tx < probe;
    return probe === -1;
  }

  /** `thread` took `tx` (after `allows`): the contract's first call, or its probe. */
  took(tx: TxIndex, thread: number): void {
    const c = this.contractOf[tx] as number;
    if (c < 0 || this.open[c] === 0) return;
    if (this.thread[c] === -1) this.thread[c] = thread;
    else if (this.thread[c] !== thread) this.probe[c] = tx;
  }

  /** `tx` validated: a probe that held clears its contract. */
  validated(tx: TxIndex): void {
    const c = this.contractOf[tx] as number;
    if (c >= 0 && this.probe[c] === tx) this.open[c] = 0;
  }

  /** `tx` failed validation: a probe's contract is hot, returned for Scheduler.markHot. */
  failed(tx: TxIndex): string | undefined {
    const c = this.contractOf[tx] as number;
    if (c < 0 || this.probe[c] !== tx || this.open[c] === 0) return undefined;
    this.open[c] = 0;
    return this.addresses[c];
  }

  /** `tx` was handed back without a result (skipped, or blocked): its probe slot frees. */
  returned(tx: TxIndex): void {
    const c = this.contractOf[tx] as number;
    if (c >= 0 && this.probe[c] === tx) this.probe[c] = -1;
  }
}
