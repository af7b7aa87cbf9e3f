/**
 * lazySenders: the transactions of a block whose sender's nonce and balance the engine reads
 * lazily. A payout (a pool paying its miners, an exchange its withdrawals) is one sender's chain
 * of plain transfers: read exactly, each transfer waits for the one before, through the nonce and
 * the balance, and the block runs in order whatever the threads. Yet a plain transfer uses them
 * only to check them: the nonce must equal the transaction's, the balance must cover the most it
 * can cost. When the sender's balance before the block covers the most that all its transactions
 * can cost, and the nonces follow on from its nonce, each transfer runs as if the checks passed,
 * records them as conditions (VersionedState), and the coordinator's validation confirms them in
 * block order; a condition that does not hold re-runs the transaction exactly.
 *
 * Only plain transfers (to an account without code, nothing runs that could read the sender) are
 * lazy; the sender's other transactions read it exactly, and stay in its chain.
 */
import type { TypedTransaction } from "@ethereumjs/tx";
import type { BlockInput } from "../execution/types.js";
import { hexOf } from "../state/hexOf.js";
import { BlockTargets } from "./BlockTargets.js";

/**
 * Per transaction: 1 when its sender is read lazily. Needs the senders (hints) of the block;
 * `targets`: the block's, shared with the rest of the engine's set-up.
 */
export function lazySenders(input: BlockInput, targets = new BlockTargets(input)): Uint8Array {
  const { transactions, senders, preState } = input;
  const lazy = new Uint8Array(transactions.length);
  if (senders === undefined) return lazy;
  // An authorization can give a sender code in the middle of the block.
  if (transactions.some((tx) => tx.type === 4)) return lazy;
  const coinbase = hexOf(input.header.coinbase.bytes);
  // The plain transfers, and the senders that have one: only their chains can have a lazy one.
  const transfers = new Uint8Array(transactions.length);
  const withTransfers = new Set<string>();
  senders.forEach((sender, index) => {
    if (sender === undefined || sender === coinbase) return;
    const to = targets.targetOf(index);
    if (to === undefined || targets.hasCode(to)) return;
    transfers[index] = 1;
    withTransfers.add(sender);
  });
  if (withTransfers.size === 0) return lazy;
  const chains = new Map<string, number[]>();
  senders.forEach((sender, index) => {
    if (sender === undefined || !withTransfers.has(sender)) return;
    const chain = chains.get(sender);
    if (chain === undefined) chains.set(sender, [index]);
    else chain.push(index);
  });
  for (const [sender, chain] of chains) {
    const account = preState.getAccount(sender);
    if (account === undefined || targets.hasCode(sender)) continue;
    let nonce = account.nonce;
    let budget = account.balance;
    for (const index of chain) {
      const tx = transactions[index] as TypedTransaction;
      // A blob's fee is not in maximumCost: what follows it keeps to the chain.
      if (tx.nonce !== nonce || tx.type === 3) break;
      nonce++;
      budget -= maximumCost(tx);
      if (budget < 0n) break;
      if (transfers[index] === 1) lazy[index] = 1;
    }
  }
  return lazy;
}

/** The balance runTx requires of the sender: the value and the gas limit at the highest price. */
export function maximumCost(tx: TypedTransaction): bigint {
  const price = "maxFeePerGas" in tx ? (tx.maxFeePerGas as bigint) : (tx as { gasPrice: bigint }).gasPrice;
  return tx.value + tx.gasLimit * price;
}
