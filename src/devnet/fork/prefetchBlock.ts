/**
 * prefetchBlock: loads the remote state a forked block's transactions read before the block runs,
 * so that its execution, sequential or on the engine, finds everything at hand.
 *
 * What a transaction reads depends on what it read (a token's balance slot is found from the
 * sender's key, a proxy's implementation from a slot), so it cannot be known in advance. Each
 * transaction runs alone over the pre-block state until its first read of unloaded state (a
 * StateMiss); a sender's transactions run as one, in nonce order, since each needs the one before.
 * `together`, the first misses of all of them go out as one batch, and those that missed run
 * again, until none misses: a round trip per level of discovery,
 * not per read, as Block-STM's first incarnations run all at once and fetch meanwhile. Not
 * together (--sequential), each transaction loads its reads one round trip at a time, as a node
 * that executes in order does. What only the chained run reaches (a read that depends on an
 * earlier transaction's write) is a miss of the real run, which loads it and runs the block again.
 */
import type { TypedTransaction } from "@ethereumjs/tx";
import { InternalError } from "../../errors/DevnetError.js";
import { type ExecutionContext, executeBlockSequential } from "../../execution/sequentialExecutor.js";
import type { BlockInput } from "../../execution/types.js";
import { hexOf } from "../../state/hexOf.js";
import { isStateMiss, type StateKey } from "../../state/StateMiss.js";

export async function prefetchBlock(
  input: BlockInput,
  context: ExecutionContext,
  load: (keys: StateKey[]) => Promise<void>,
  together: boolean,
): Promise<void> {
  await load(knownAhead(input));
  const units = bySender(input);
  const firstMiss = async (unit: number[]): Promise<StateKey | undefined> => {
    try {
      await executeBlockSequential(
        { ...input, transactions: unit.map((index) => input.transactions[index] as TypedTransaction) },
        context,
      );
      return undefined;
    } catch (error) {
      if (isStateMiss(error)) return error.key;
      throw error;
    }
  };
  if (!together) {
    for (const unit of units) {
      let last = "";
      for (let miss = await firstMiss(unit); miss !== undefined; miss = await firstMiss(unit)) {
        last = checkProgress(miss, last);
        await load([miss]);
      }
    }
    return;
  }
  let pending = units;
  const lastMiss = new Map<number[], string>();
  while (pending.length > 0) {
    const misses: StateKey[] = [];
    const missed: number[][] = [];
    for (const unit of pending) {
      const miss = await firstMiss(unit);
      if (miss === undefined) continue;
      lastMiss.set(unit, checkProgress(miss, lastMiss.get(unit) ?? ""));
      misses.push(miss);
      missed.push(unit);
    }
    if (misses.length > 0) await load(misses);
    pending = missed;
  }
}

/** The block's transaction indices, grouped by sender, each group in block order. */
function bySender(input: BlockInput): number[][] {
  const groups = new Map<string, number[]>();
  input.transactions.forEach((tx, index) => {
    const sender = input.senders?.[index] ?? tx.getSenderAddress().toString();
    const group = groups.get(sender);
    if (group === undefined) groups.set(sender, [index]);
    else group.push(index);
  });
  return [...groups.values()];
}

/** What every transaction reads for sure: the fee recipient, senders, recipients, access lists. */
function knownAhead(input: BlockInput): StateKey[] {
  const keys: StateKey[] = [{ kind: "account", address: input.header.coinbase.toString() }];
  input.transactions.forEach((tx, index) => {
    keys.push({ kind: "account", address: input.senders?.[index] ?? tx.getSenderAddress().toString() });
    if (tx.to !== undefined) keys.push({ kind: "account", address: tx.to.toString() });
    if ("accessList" in tx) {
      for (const [address, slots] of tx.accessList) {
        const addressHex = hexOf(address);
        keys.push({ kind: "account", address: addressHex });
        for (const slot of slots) keys.push({ kind: "storage", address: addressHex, slot: hexOf(slot) });
      }
    }
  });
  return keys;
}

/** A transaction missing the same key twice means the loads do not land: stop rather than spin. */
function checkProgress(miss: StateKey, last: string): string {
  const id = miss.kind === "account" ? miss.address : `${miss.address}/${miss.slot}`;
  if (id === last) throw new InternalError(`loading ${id} from the fork's remote did not make it known`);
  return id;
}
