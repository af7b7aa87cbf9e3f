/**
 * Runs one incarnation of one transaction over a VersionedState and turns what it did into a
 * read set and a write set of locations. Used by the workers; free of any threading so it can
 * be tested on its own.
 */
import type { Block } from "@ethereumjs/block";
import type { TypedTransaction } from "@ethereumjs/tx";
import { equalsBytes, KECCAK256_NULL } from "@ethereumjs/util";
import { runTx } from "@ethereumjs/vm";
import type { ExecutionContext } from "../execution/sequentialExecutor.js";
import { includedOutcome, invalidOutcome } from "../execution/txOutcome.js";
import type { TxOutcome } from "../execution/types.js";
import { hexOf } from "../state/hexOf.js";
import type { AddressHex } from "../state/types.js";
import { trackContractBalances } from "./contractBalances.js";
import { trackInternalCredits } from "./internalCredits.js";
import { maximumCost } from "./lazySenders.js";
import type { BalanceDelta, CodeValue } from "./locations.js";
import type { MultiVersionMemory } from "./MultiVersionMemory.js";
import type { LocationKey, ReadLog, TxIndex, WriteLog } from "./types.js";
import { DependencyAbort, LAZY_BASE, type LazySender, type VersionedState } from "./VersionedState.js";

export type IncarnationResult =
  | {
      kind: "done";
      tx: TxIndex;
      incarnation: number;
      reads: ReadLog;
      writes: WriteLog;
      outcome: TxOutcome;
      /** The refund the run earned, before its cap (0 for an invalid transaction). */
      gasRefund: bigint;
    }
  | { kind: "dependency"; tx: TxIndex; incarnation: number; blocker: TxIndex }
  /** Something the engine does not model (a wipe of existing storage): run the block sequentially. */
  | { kind: "unsupported"; tx: TxIndex; reason: string };

/** A parallel-ready execution context: a VM over a JournaledState over a VersionedState. */
export interface IncarnationContext {
  execution: ExecutionContext;
  versioned: VersionedState;
  /** See IncarnationOptions.recordWipes; set per call. */
  recordWipes?: boolean;
}

/**
 * Makes `execution`'s EVM tell `versioned` when the message call starts and ends (fee laziness),
 * which CALLs send value and which BALANCEs read (internal lazy credits), and what observes or
 * spends a contract's balance (lazy contracts).
 */
export function trackEvmPhase(execution: ExecutionContext, versioned: VersionedState): void {
  trackInternalCredits(execution, versioned);
  trackContractBalances(execution, versioned);
  const evm = execution.vm.evm as unknown as { runCall(options: unknown): Promise<unknown> };
  const runCall = evm.runCall.bind(evm);
  // The interpreter makes every inner call through runCall too: only the outermost one's end
  // is the end of the EVM (a BALANCE of the fee recipient after an inner call is still exact).
  let depth = 0;
  evm.runCall = async (options: unknown) => {
    if (depth++ === 0) versioned.phase = "evm";
    try {
      return await runCall(options);
    } catch (error) {
      // The EVM reports a transaction's failures in its result; a throw is this thread's own
      // (a precompile without its library, a state it could not read), or an ESTIMATE read.
      if (!(error instanceof DependencyAbort)) versioned.evmThrew = error ?? "an undefined error";
      throw error;
    } finally {
      if (--depth === 0) versioned.phase = "after-evm";
    }
  };
}

/**
 * Incarnations that read a lazy sender lazily. A condition mostly fails because the sender's
 * previous transaction was re-running (an ESTIMATE), and holds on the next try; one that fails
 * on its value (an earlier transaction of the sender was invalid) would fail every time, so a
 * transaction that keeps failing reads its sender exactly.
 */
const LAZY_SENDER_TRIES = 3;

/**
 * Incarnations that read contracts' balances lazily: a debit's condition that fails on its value
 * (the contract really lacked the funds) would fail every time.
 */
const LAZY_CONTRACT_TRIES = 3;

/** Runs again with these contracts' balances exact: code observed their placeholder. */
type Revealed = { kind: "revealed"; contracts: AddressHex[] };

export interface IncarnationOptions {
  /** Read the sender lazily (see lazySenders.ts); only the first incarnations do. */
  lazySender?: boolean;
  /**
   * The transaction's sender, lowercase, where known without recovering it (recovering costs a
   * hash per call). A wrong one only makes the lazy read not happen: runTx reads the real one.
   */
  sender?: string | undefined;
  /**
   * Read contracts' balances lazily (see VersionedState); only the first incarnations do. Their
   * debits leave conditions that only the engine's validation checks.
   */
  lazyContracts?: boolean;
  /**
   * Record a wipe of existing storage as a write of the account's storage as a whole (key
   * "s" + address + "*") instead of giving up: what a report can live with, and the engine not.
   */
  recordWipes?: boolean;
}

export async function executeIncarnation(
  ctx: IncarnationContext,
  block: Block,
  tx: TypedTransaction,
  index: TxIndex,
  incarnation: number,
  options: IncarnationOptions = {},
): Promise<IncarnationResult> {
  ctx.recordWipes = options.recordWipes === true;
  const sender =
    options.lazySender === true && options.sender !== undefined && incarnation < LAZY_SENDER_TRIES
      ? lazySenderOf(tx, options.sender)
      : undefined;
  const lazyContracts = options.lazyContracts === true && incarnation < LAZY_CONTRACT_TRIES;
  let result = await attempt(ctx, block, tx, index, incarnation, false, sender, lazyContracts);
  // Each run again reads more contracts exactly; a few rounds settle any real transaction.
  let exactContracts: Set<AddressHex> | undefined;
  for (let round = 0; round < 3 && result.kind === "revealed"; round++) {
    exactContracts ??= new Set();
    for (const contract of result.contracts) exactContracts.add(contract);
    result = await attempt(ctx, block, tx, index, incarnation, false, sender, lazyContracts, exactContracts);
  }
  // A zero fee credit to an existing, empty fee recipient: only the exact balance tells whether
  // EIP-161 deletes it, so run again reading it exactly. So does a BALANCE of a lazy recipient.
  if (result.kind === "retry-exact" || result.kind === "revealed")
    return (await attempt(ctx, block, tx, index, incarnation, true)) as IncarnationResult;
  return result;
}

/**
 * A transaction of an in-order run (the recorders of conflict reports), as the engine's first
 * incarnation runs it, lazy contracts included, so that its read and write sets are the ones
 * the engine validates; where a debit's condition is not met by the transactions before it
 * (held in `mv`, whose pre-state must be set), run again exactly, as the engine would.
 */
export async function executeInOrder(
  ctx: IncarnationContext,
  block: Block,
  tx: TypedTransaction,
  index: TxIndex,
  mv: MultiVersionMemory,
  options: IncarnationOptions = {},
): Promise<IncarnationResult> {
  const first = await executeIncarnation(ctx, block, tx, index, 0, { ...options, lazyContracts: true });
  // In order every other read holds: only a lazy contract's debit can leave one that does not.
  if (first.kind !== "done" || !ctx.versioned.debitedLazily) return first;
  if (mv.check(index, mv.internReads(first.reads)) === "valid") return first;
  return executeIncarnation(ctx, block, tx, index, LAZY_CONTRACT_TRIES, { ...options, lazyContracts: false });
}

async function attempt(
  ctx: IncarnationContext,
  block: Block,
  tx: TypedTransaction,
  index: TxIndex,
  incarnation: number,
  exactCoinbase: boolean,
  sender?: LazySender,
  lazyContracts = false,
  exactContracts?: ReadonlySet<AddressHex>,
): Promise<IncarnationResult | { kind: "retry-exact" } | Revealed> {
  const { execution, versioned } = ctx;
  versioned.begin(index, exactCoinbase, valueRecipient(tx), sender, lazyContracts, exactContracts);
  execution.state.reset(versioned);
  let outcome: TxOutcome;
  let gasRefund = 0n;
  try {
    const result = await runTx(execution.vm, {
      tx,
      block,
      skipBlockGasLimitValidation: true,
      skipHardForkValidation: true,
    });
    outcome = includedOutcome(index, result);
    gasRefund = result.gasRefund;
  } catch (error) {
    if (versioned.blocker !== undefined || error instanceof DependencyAbort) {
      return {
        kind: "dependency",
        tx: index,
        incarnation,
        blocker: versioned.blocker ?? (error as DependencyAbort).blocker,
      };
    }
    // A run that saw a placeholder is no verdict on anything: run it again first.
    const revealed = revealedBy(versioned);
    if (revealed !== undefined) return revealed;
    if (versioned.evmThrew !== undefined) {
      // Left to the sequential executor: counted invalid here, the transaction would leave the
      // block that this thread alone could not execute.
      const reason =
        versioned.evmThrew instanceof Error ? versioned.evmThrew.message : String(versioned.evmThrew);
      return { kind: "unsupported", tx: index, reason: `the EVM threw: ${reason}` };
    }
    outcome = invalidOutcome(index, error);
  }
  // A read that met an ESTIMATE inside a handler that swallows errors still counts.
  if (versioned.blocker !== undefined)
    return { kind: "dependency", tx: index, incarnation, blocker: versioned.blocker };
  const writes: WriteLog = { keys: [], values: [] };
  if (outcome.kind === "included") {
    const revealed = revealedBy(versioned);
    if (revealed !== undefined) return revealed;
    const problem = collectWrites(ctx, writes);
    if (problem === "retry-exact") return { kind: "retry-exact" };
    if (problem !== undefined) return { kind: "unsupported", tx: index, reason: problem };
    versioned.settleLazyContracts();
  }
  return { kind: "done", tx: index, incarnation, reads: versioned.reads, writes, outcome, gasRefund };
}

/** The contracts whose placeholder this run's code observed, if any: run it again. */
function revealedBy(versioned: VersionedState): Revealed | undefined {
  const contracts = versioned.revealedContracts;
  return contracts.length === 0 ? undefined : { kind: "revealed", contracts: [...contracts] };
}

/** The overlay's changes as location writes, keeping only values that differ from what was read. */
function collectWrites(ctx: IncarnationContext, writes: WriteLog): string | undefined {
  const { execution, versioned } = ctx;
  const read = versioned.readValues;
  const write = (key: LocationKey, value: unknown) => {
    writes.keys.push(key);
    writes.values.push(value);
  };
  const changed = (key: LocationKey, value: unknown, same: (a: unknown, b: unknown) => boolean) => {
    if (!read.has(key) || !same(read.get(key), value)) write(key, value);
  };
  // A BALANCE saw a lazy recipient's placeholder: run again, reading balances exactly.
  if (versioned.revealed) return "retry-exact";
  for (const change of execution.state.changes()) {
    const { address, account } = change;
    const keys = versioned.keys.of(address);
    if (change.storageCleared && versioned.hasStorage(address)) {
      if (ctx.recordWipes !== true)
        return `transaction ${versioned.tx} wipes the existing storage of ${address}`;
      write(`s${address}*`, new Uint8Array());
    }
    if (change.accountWritten !== false) {
      changed(keys.nonce, account?.nonce ?? null, (a, b) => a === b);
      const balance = account?.balance ?? 0n;
      if (address === versioned.coinbase && versioned.lazyBase !== undefined && !versioned.coinbaseExact) {
        const delta = balance - versioned.lazyBase;
        if (
          delta === 0n &&
          versioned.lazyBase === LAZY_BASE &&
          account !== undefined &&
          isEmptyish(account)
        ) {
          return "retry-exact";
        }
        const entry: BalanceDelta = { delta };
        write(keys.balance, entry);
      } else if (
        (address === versioned.lazySender || versioned.lazyContracts.has(address)) &&
        !read.has(keys.balance)
      ) {
        // A lazy sender or contract: its balance started from LAZY_BASE.
        const delta = balance - LAZY_BASE;
        if (delta !== 0n) write(keys.balance, { delta } satisfies BalanceDelta);
      } else if (address === versioned.lazyRecipient && !read.has(keys.balance)) {
        const delta = balance - versioned.recipientBase;
        if (
          delta === 0n &&
          versioned.recipientBase === LAZY_BASE &&
          account !== undefined &&
          isEmptyish(account)
        )
          return "retry-exact";
        if (delta !== 0n) write(keys.balance, { delta } satisfies BalanceDelta);
      } else {
        changed(keys.balance, balance, (a, b) => a === b);
      }
    }
    if (change.code !== undefined) {
      const code: CodeValue = { hash: account?.codeHash ?? KECCAK256_NULL, code: change.code };
      changed(keys.code, code, (a, b) => equalsBytes((a as CodeValue).hash, (b as CodeValue).hash));
    }
    for (const [slot, value] of change.storage) {
      changed(versioned.keys.storage(keys, slot), value, (a, b) =>
        equalsBytes(a as Uint8Array, b as Uint8Array),
      );
    }
  }
  return undefined;
}

function lazySenderOf(tx: TypedTransaction, sender: string): LazySender | undefined {
  if (tx.to === undefined) return undefined;
  return { address: sender, nonce: tx.nonce, cost: maximumCost(tx), to: hexOf(tx.to.bytes) };
}

/**
 * The account a transaction sends value to: a candidate for a lazy credit. (When that is the
 * sender, runTx reads it first, before the EVM, and the candidate lapses.)
 */
function valueRecipient(tx: TypedTransaction): string | undefined {
  return tx.to === undefined || tx.value === 0n ? undefined : hexOf(tx.to.bytes);
}

function isEmptyish(account: { nonce: bigint; codeHash: Uint8Array }): boolean {
  return account.nonce === 0n && equalsBytes(account.codeHash, KECCAK256_NULL);
}
