import { createTx } from "@ethereumjs/tx";
import { describe, expect, it } from "vitest";
import { TxPool } from "../../../src/devnet/txpool/TxPool.js";
import { createSharedCommon } from "../../../src/execution/SharedCommon.js";

const common = createSharedCommon(31337n, { hardfork: "prague" });
const SENDER = "0x00000000000000000000000000000000000000aa";

function add(pool: TxPool, nonce: number, tip = 1n): string {
  const tx = createTx(
    { type: 2, nonce: BigInt(nonce), gasLimit: 21_000n, maxFeePerGas: 100n + tip, maxPriorityFeePerGas: tip },
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
});
