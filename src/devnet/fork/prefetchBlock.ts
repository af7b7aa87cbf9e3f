/**
 * prefetchBlock: loads the remote state a forked block's transactions read before the block runs,
 * so that its execution, sequential or on the engine, finds everything at hand.
 *
 * What a transaction reads depends on what it read (a token's balance slot is found from the
 * sender's key, a proxy's implementation from a slot), so it cannot be known in advance: each
 * transaction runs alone over the pre-block state (a sender's transactions as one, in nonce
 * order, since each needs the one before), and a read the state does not hold waits for the
 * remote (JournaledState.awaitMiss). In parallel mode up to MAX_IN_FLIGHT of them run at once:
 * while some wait, others run, and their misses go to the remote together, as one batch, so a
 * block costs a round trip per level of discovery rather than per read, as Block-STM keeps many
 * transactions in flight. With --sequential one runs at a time, each read a round trip, as a node
 * executing in order. A read the async interface does not see (a sync path) is thrown instead:
 * its transaction loads it and runs again. What only the chained run reaches (a read that depends
 * on an earlier transaction's write) is a miss of the real run, which loads it and runs the block
 * again.
 */
import type { TypedTransaction } from "@ethereumjs/tx";
import { InternalError } from "../../errors/DevnetError.js";
import { type ExecutionContext, executeBlockSequential } from "../../execution/sequentialExecutor.js";
import type { BlockInput } from "../../execution/types.js";
import { hexOf } from "../../state/hexOf.js";
import { isStateMiss, type StateKey } from "../../state/StateMiss.js";

/** Transactions discovering their reads at once (each on its own execution context). */
export const MAX_IN_FLIGHT = 32;

export async function prefetchBlock(
  input: BlockInput,
  contexts: (count: number) => Promise<ExecutionContext[]>,
  load: (keys: StateKey[]) => Promise<void>,
  together: boolean,
): Promise<void> {
  await load(knownAhead(input));
  const units = bySender(input);
  if (units.length === 0) return;
  const runners = await contexts(together ? Math.min(units.length, MAX_IN_FLIGHT) : 1);
  let next = 0;
  const settled = await Promise.allSettled(
    runners.map(async (context) => {
      context.state.awaitMiss = (key) => load([key]);
      try {
        for (let unit = units[next++]; unit !== undefined; unit = units[next++]) {
          let last = "";
          for (let miss = await firstMiss(input, unit, context); miss !== undefined; ) {
            last = checkProgress(miss, last);
            await load([miss]);
            miss = await firstMiss(input, unit, context);
          }
        }
      } finally {
        context.state.awaitMiss = undefined;
      }
    }),
  );
  // Every runner has stopped (none is left using its context); then the first failure, if any.
  for (const outcome of settled) if (outcome.status === "rejected") throw outcome.reason;
}

/** Runs `unit` alone over the pre-block state; the key of a miss it could not wait on. */
async function firstMiss(
  input: BlockInput,
  unit: number[],
  context: ExecutionContext,
): Promise<StateKey | undefined> {
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
