import { createTx } from "@ethereumjs/tx";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { effectiveTip, type PoolTx, TxPool } from "../../../src/devnet/txpool/TxPool.js";
import { createSharedCommon } from "../../../src/execution/SharedCommon.js";

const common = createSharedCommon(31337n, { hardfork: "prague" });
const SENDER = "0x00000000000000000000000000000000000000aa";

function add(pool: TxPool, nonce: number, tip = 1n): string {
  const tx = createTx(
    {
      type: 2,
      nonce: BigInt(nonce),
      gasLimit: 21_000n,
      maxFeePerGas: 100n + tip,
      maxPriorityFeePerGas: tip,
    },
    { common },
  );
  const hash = `0x${nonce.toString(16).padStart(64, "0")}${tip}`;
  pool.add(tx, hash, SENDER);
  return hash;
}

describe("TxPool", () => {
  it("finds a sender's next nonce past its unbroken run of pooled transactions", () => {
    const pool = new TxPool();
    for (const nonce of [0, 1, 2, 4]) add(pool, nonce);
    expect(pool.nextNonce(SENDER, 0n)).toBe(3n);
    expect(pool.nextNonce(SENDER, 1n)).toBe(3n);
    // The gap at 3 filled: the run goes on through 4.
    add(pool, 3);
    expect(pool.nextNonce(SENDER, 0n)).toBe(5n);
    // A state nonce past the run starts a new walk.
    expect(pool.nextNonce(SENDER, 7n)).toBe(7n);
    expect(pool.nextNonce(SENDER, 0n)).toBe(5n);
  });

  it("forgets the run when a transaction leaves the pool", () => {
    const pool = new TxPool();
    const hashes = [0, 1, 2, 3].map((nonce) => add(pool, nonce));
    expect(pool.nextNonce(SENDER, 0n)).toBe(4n);
    pool.remove(hashes[2] as string);
    expect(pool.nextNonce(SENDER, 0n)).toBe(2n);
    // Mined up to nonce 2: the state nonce moves past the hole.
    expect(pool.nextNonce(SENDER, 3n)).toBe(4n);
  });

  it("keeps the run when a transaction is replaced by a better one", () => {
    const pool = new TxPool();
    for (const nonce of [0, 1, 2]) add(pool, nonce);
    expect(pool.nextNonce(SENDER, 0n)).toBe(3n);
    add(pool, 1, 50n);
    expect(pool.nextNonce(SENDER, 0n)).toBe(3n);
    expect(pool.size).toBe(3);
  });

  it("selects as picking, each time, the best of the senders' next transactions", () => {
    const pending = fc.array(
      fc.record({
        sender: fc.integer({ min: 0, max: 12 }),
        feeCap: fc.integer({ min: 0, max: 8 }),
        tip: fc.integer({ min: 0, max: 8 }),
        gas: fc.integer({ min: 21_000, max: 60_000 }),
      }),
      { maxLength: 80 },
    );
    const baseFee = 4n;
    fc.assert(
      fc.property(pending, fc.constantFrom("fees" as const, "fifo" as const), (specs, order) => {
        const pool = new TxPool();
        const nonces = new Map<number, number>();
        for (const [i, spec] of specs.entries()) {
          const nonce = nonces.get(spec.sender) ?? 0;
          nonces.set(spec.sender, nonce + 1);
          const tip = BigInt(Math.min(spec.tip, spec.feeCap));
          const tx = createTx(
            {
              type: 2,
              nonce: BigInt(nonce),
              gasLimit: BigInt(spec.gas),
              maxFeePerGas: BigInt(spec.feeCap),
              maxPriorityFeePerGas: tip,
            },
            { common },
          );
          pool.add(tx, `0x${i.toString(16)}`, `0x${spec.sender.toString(16).padStart(40, "0")}`);
        }
        const gasLimit = 1_000_000n;
        const selected = pool.select({ nonceOf: () => 0n, baseFee, order, gasLimit });
        expect(selected.map((e) => e.hash)).toEqual(bestOfHeads(pool, order, baseFee, gasLimit));
      }),
      { numRuns: 200 },
    );
  });
});

/** The selection rule spelt out: scan every sender's next transaction for the best, each time. */
function bestOfHeads(pool: TxPool, order: "fees" | "fifo", baseFee: bigint, gasLimit: bigint): string[] {
  const bySender = new Map<string, PoolTx[]>();
  for (const entry of pool.all()) bySender.set(entry.sender, [...(bySender.get(entry.sender) ?? []), entry]);
  for (const queue of bySender.values()) queue.sort((a, b) => Number(a.nonce - b.nonce));
  const heads = [...bySender.values()].map((queue) => queue.shift() as PoolTx);
  const better = (a: PoolTx, b: PoolTx) => {
    const [tipA, tipB] = [effectiveTip(a.tx, baseFee), effectiveTip(b.tx, baseFee)];
    return order === "fees" && tipA !== tipB ? tipA > tipB : a.arrival < b.arrival;
  };
  const picked: string[] = [];
  let gas = 0n;
  while (heads.length > 0) {
    const best = heads.reduce((b, h, i) => (better(h, heads[b] as PoolTx) ? i : b), 0);
    const [entry] = heads.splice(best, 1) as [PoolTx];
    // A transaction left out takes its sender's later ones with it.
    if (("maxFeePerGas" in entry.tx ? entry.tx.maxFeePerGas : 0n) < baseFee) continue;
    if (gas + entry.tx.gasLimit > gasLimit) continue;
    gas += entry.tx.gasLimit;
    const next = bySender.get(entry.sender)?.shift();
    if (next !== undefined) heads.push(next);
    picked.push(entry.hash);
  }
  return picked;
}
