/**
 * One sender's chain owns the block: a payout (a pool paying its miners, an exchange its
 * withdrawals). Read exactly, each transaction waits for the one before; read lazily, a plain
 * transfer costs less than the messages and validation of its parallel run (mainnet payouts of
 * 1,414 and 222 transfers on 2 threads: 0.47-0.59x against 1.0x in order). So the engine runs such
 * a block in order (ParallelExecutor).
 */

/** Whether one sender sent three quarters of the block's transactions. */
export function oneSenderOwnsMost(senders: readonly (string | undefined)[]): boolean {
  const counts = new Map<string, number>();
  const needed = Math.ceil((senders.length * 3) / 4);
  let most = 0;
  for (let i = 0; i < senders.length; i++) {
    const sender = senders[i];
    if (sender === undefined) continue;
    const count = (counts.get(sender) ?? 0) + 1;
    counts.set(sender, count);
    if (count > most) most = count;
    // No sender can reach three quarters with what is left: a block of distinct senders stops
    // after a quarter of them (the engine's workers wait for this).
    if (most + senders.length - 1 - i < needed) return false;
  }
  return most > 0 && most >= needed;
}
